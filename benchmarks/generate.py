"""Synthetic registers and summary tables for the benchmarks.

``generate_register(path, n)`` fills a fresh register with ``n`` applications of
one campaign (about four patents to one project), with the people, units,
enterprises and studios they name, one status-history row and one audit event
each, and the verdicts of the rules stored beside them — the register a
federation would hold after years of intake, written straight into the current
schema with raw ``executemany`` in one transaction (≈ 10× faster than
``save_patent`` per row).

The text looks real (Chinese names with two-character names and rare name
characters, titles, unions, enterprises, studios); patent numbers carry their
correct check character (``boostdesk.validate.patent_check_char``) and resident
IDs their GB 11643 check digit. A few percent of rows break a rule on purpose
(a utility model, a wrong check character, a grant date outside the window, a
person applying twice, a studio applying three times, missing facts) so the
rules and views do real work.

``write_summary_table(path, rows)`` writes attachment 2 (专利汇总表) with
openpyxl's write-only mode under the headers of ``boostdesk.io.template``.

Run ``python benchmarks/generate.py --apps 100000 OUT.db`` or
``python benchmarks/generate.py --table 10000 OUT.xlsx``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from boostdesk.models import clock
from boostdesk.models.audit_chain import last_id, seal
from boostdesk.models.campaign import CITY, DISTRICT
from boostdesk.models.records import PATENT_MATERIALS, PROJECT_MATERIALS
from boostdesk.models.register import Register
from boostdesk.models.search_text import PATENT_NUMBERS_SQL, search_key, title_key
from boostdesk.validate import patent_check_char

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
YEAR = 2022
SEED = 20221017
PROJECT_SHARE = 0.2  # one project application to four patent applications
APPROVED = 1000  # approved applications per register (sheets to print)
HISTORY_YEARS = 10  # campaigns of the history register
VERSION = 7  # bump when the generated data changes: cached files carry it in their names

# -- names ---------------------------------------------------------------------
# Common surnames, most frequent first (weights fall off like real frequencies).
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉兰德林文波宁海峰"
    "辉鹏飞燕春梅雪琳晨浩宇轩子涵欣怡佳琪思远博文嘉豪俊杰晓东建华永刚卫东振宇亚楠婷颖"
    "慧倩璐瑶琦昊然天翼鑫磊凯旭阳晶晶丹凤岩松柏青山成龙秋菊冬梅国庆建军立新淑珍秀云"
)
RARE_GIVEN = "堃喆赟昇玥彧琍垚淼犇鑫燚翀珺"  # name characters GB2312 fonts lack

# Recommending unions (name, kind): districts, industries, bureaus, groups, universities.
UNITS: tuple[tuple[str, str], ...] = (
    *((f"{d}区总工会", "区") for d in (
        "东城", "西城", "朝阳", "海淀", "丰台", "石景山", "门头沟", "房山", "通州", "顺义",
        "昌平", "大兴", "怀柔", "平谷")),
    ("密云区总工会", "区"), ("延庆区总工会", "区"), ("北京经济技术开发区总工会", "区"),
    *((f"北京市{x}工会", "产业") for x in (
        "建设", "国防邮电", "教育", "农林水", "金融", "商贸", "能源化学", "机械冶金建材",
        "财贸", "旅游", "科技", "城市服务")),
    *((f"北京市{x}工会", "局") for x in (
        "交通委员会", "卫生健康委员会", "水务局", "园林绿化局", "市场监督管理局", "城市管理委员会",
        "规划和自然资源委员会", "住房和城乡建设委员会")),
    *((f"{x}工会", "集团(公司)") for x in (
        "首钢集团", "北京汽车集团", "北京能源集团", "北京控股集团", "北京城建集团",
        "北京建工集团", "北京市公交集团", "北京市地铁运营有限公司", "北京燕京啤酒集团",
        "中国北京同仁堂（集团）有限责任公司", "北京首农食品集团", "北京金隅集团", "北京电控集团",
        "北京京城机电控股有限责任公司", "北京一轻控股有限责任公司", "北京祥龙资产经营有限责任公司")),
    *((f"{x}工会", "高等院校") for x in (
        "北京理工大学", "北京工业大学", "北京科技大学", "北京交通大学", "北京化工大学",
        "北京信息科技大学", "北方工业大学", "北京联合大学", "首都医科大学")),
    ("北京电子城直属企业联合工会", "直属基层"), ("北京市职工技术协会工会", "直属基层"),
)

_ENT_PREFIX = (
    "中科", "华信", "恒润", "京诚", "博瑞", "亦庄", "天宇", "东方", "朝华", "丰泰", "大兴", "燕山",
    "长城", "航星", "海纳", "华电", "北辰", "京能", "首创", "京华", "中关村", "金桥", "创元",
    "宏达", "瑞普", "汇众", "联创", "银河", "星河", "中兴", "远大", "鼎盛", "同方", "嘉诚",
    "永泰", "新源", "华夏", "京西", "龙源", "安达", "泰和", "德润", "致远", "卓越", "蓝天",
    "宇通", "国信", "京港", "福田", "旭日",
)
_ENT_CORE = (
    "智能装备", "新材料", "生物医药", "信息技术", "电子", "精密机械", "环保科技", "能源科技",
    "轨道交通装备", "数控技术", "网络技术", "汽车零部件", "建筑工程", "路桥工程", "机电安装工程",
    "医疗器械", "光电技术", "半导体", "软件", "检测技术", "自动化", "电力设备", "热力",
    "水务", "物流",
)
_ENT_SUFFIX = ("有限公司", "股份有限公司", "科技有限公司")

# Patent titles: 一种 + [qualifier] + object + kind of claim.
_QUALIFIER = (
    "基于深度学习的", "基于物联网的", "基于机器视觉的", "基于北斗定位的", "基于数字孪生的",
    "基于边缘计算的", "基于知识图谱的", "用于地铁隧道的", "用于公交车辆的", "用于桥梁检测的",
    "高精度", "自适应", "低功耗", "便携式", "模块化", "全自动", "可拆卸", "智能化", "",
    "", "",
)
_OBJECT = (
    "焊缝缺陷识别", "电池包热管理", "轴承故障诊断", "路面裂缝检测", "烟气余热回收", "光纤熔接质量检测",
    "主轴热误差补偿", "曝气量控制", "引线框架清洗", "支座同步顶升", "双极板成型", "到站时间预测",
    "带钢表面缺陷检测", "饮片称量分装", "电缆局部放电定位", "再生骨料制备", "刀盘磨损检测",
    "多源数据融合", "转向架焊接变形控制", "缝合线制备", "极片涂布厚度控制", "高炉布料控制",
    "供热管网泄漏定位", "探针卡修复", "柔性夹持", "沥青就地热再生", "视频压缩传输",
    "螺栓预紧力检测", "管路消毒", "复合材料修补", "充电桩调度", "调度指令核验", "衬砌空洞检测",
    "齿轮磨削加工", "设备状态监测", "钢卷自动打捆", "样本自动分拣", "灌浆饱满度检测",
    "混凝土养护", "天线姿态监测", "空调节能控制", "清洗废液回收", "钢丝绳断丝检测", "客流预测",
    "防腐涂料制备", "标线施划", "器械追溯管理", "巡检路径规划", "动力电池拆解", "刀具寿命预测",
)
_CLAIM = ("方法", "装置", "系统", "设备", "控制方法", "检测装置", "及其制备方法", "方法及系统")
INDUSTRIES = (
    "人工智能", "医药健康", "新能源智能汽车", "新材料", "科技服务", "新一代信息技术",
    "集成电路", "智能装备", "节能环保", "软件和信息服务",
)
# Project titles: [approach] + [where] + what + [what it does] + kind of work, about four
# million titles (a campaign of 20,000 projects draws ≈ 50 pairs alike by chance; 300 titles,
# until generator version 7, gave every project paper the same-title 提示), and
# NEAR_REPEAT of the papers another studio's title of the year written another way (a space,
# full-width letters: the same project sent twice, found by its folded key).
_PROJECT_APPROACH = (
    "基于机器视觉的", "基于深度学习的", "基于物联网的", "基于数字孪生的", "基于BIM的",
    "基于5G的", "基于北斗定位的", "基于大数据的", "基于边缘计算的", "基于知识图谱的",
    "面向智能制造的", "面向节能降耗的", "面向安全生产的", "绿色低碳", "高可靠", "轻量化",
    "智能化", "模块化", "国产", "新型",
)
_PROJECT_SITE = (
    "地铁车辆", "城市轨道交通", "高炉", "转炉", "热轧产线", "冷轧产线", "供热管网", "供水管网",
    "变电站", "输电线路", "燃气管网", "污水处理厂", "桥梁", "隧道", "盾构机", "公交车辆",
    "新能源汽车", "动力电池", "数控机床", "医药生产线", "中药饮片", "医院病区", "通信基站",
    "数据中心", "物流仓储", "食品生产线", "啤酒灌装线", "装配式建筑", "道路养护", "电梯",
    "锅炉", "空压站", "航空发动机", "光伏电站", "风电机组", "化工装置", "冷链运输", "机场行李",
    "电厂汽轮机", "印刷设备",
)
_PROJECT_PART = (
    "轴承", "齿轮箱", "电缆", "管片", "焊缝", "支座", "变压器", "开关柜", "阀门", "泵组", "风机",
    "电机", "刀具", "模具", "传感器", "电芯", "制动系统", "受电弓", "接触网", "钢轨", "道岔", "叶片",
    "主轴", "液压系统", "冷却系统", "输送带", "钢丝绳", "螺栓", "涂层", "混凝土", "沥青路面",
    "排水管道", "换热器", "水冷壁", "压缩机", "起重机", "灌装阀", "包装机", "伸缩缝", "控制柜",
)
_PROJECT_DOES = (
    "缺陷在线检测", "故障智能诊断", "运行状态监测", "剩余寿命预测", "智能巡检", "快速检修",
    "精度补偿", "振动抑制", "泄漏定位", "温度监测", "自动化装配", "无损检测", "能效优化",
    "远程运维", "防腐处理", "质量追溯", "健康评估", "安全预警", "数字化管理", "标准化作业",
)
# Whole objects, as some titles name them.
_PROJECT_OBJECT = (
    "连铸坯质量在线判定系统", "高压系统快速诊断平台", "桥梁支座病害智能巡检", "精密减速器装配质量",
    "居家康复训练器具", "转向架关键部件无损检测", "单克隆抗体纯化工艺", "室内分布系统覆盖",
    "设备智能点检系统", "结构件轻量化设计", "五轴加工程序", "管廊结构健康监测", "防火保温材料",
    "自动化运维平台", "空调机组检修工装", "电驱总成下线测试台架", "光学组件自动装调平台",
    "冻干粉针剂生产线", "伸缩缝快速更换工法", "机电管线综合排布", "基站节能关断策略",
    "养护作业安全防护装置", "压疮预防护理器具", "安全驾驶行为分析系统", "电池健康状态评估",
    "盾构管片拼装精度", "变电站红外测温", "供水管网漏损控制", "污泥干化工艺", "智能仓储分拣线",
)
_PROJECT_WORK = (
    "研制", "技术攻关", "工艺改进", "优化研究", "系统开发", "平台建设", "国产化替代", "提升",
    "创新应用", "关键技术研究", "研究与应用", "装置研制", "改造", "技术研究", "示范应用",
)
NEAR_REPEAT = 0.005
_FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in
                             "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_STUDIO_KIND = ("劳模创新工作室", "职工创新工作室", "技能大师工作室", "创新工作室")

# Birth regions: Beijing districts mostly, other provinces' capitals sometimes.
_REGIONS = (
    "110101", "110102", "110105", "110106", "110107", "110108", "110109", "110111",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
    "130102", "370102", "410102", "120101", "230102", "320102", "420102", "510104",
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CARD_BIN = "621468"  # a 19-digit debit card range


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character of an 18-character resident ID."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def luhn_complete(partial: str) -> str:
    """``partial`` plus the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # doubled: these become the odd positions once the check digit is added
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


class Faker:
    """Seeded producer of realistic values; the same seed gives the same register."""

    def __init__(self, seed: int = SEED) -> None:
        self.r = random.Random(seed)
        weights = [1 / (i + 4) for i in range(len(SURNAMES))]
        self._surnames = list(SURNAMES)
        self._surname_cum = _cumulative(weights)
        self._serial = self.r.randrange(100_000, 200_000)

    def name(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.02:
            surname = r.choice(COMPOUND_SURNAMES)
        else:
            surname = r.choices(self._surnames, cum_weights=self._surname_cum)[0]
        given = r.choice(GIVEN)
        if r.random() < 0.04:
            given = r.choice(RARE_GIVEN)
        if r.random() < 0.62:  # three-character names are the majority, two-character ones common
            given += r.choice(GIVEN)
        return surname + given

    def id_number(self) -> str:
        r = self.r
        born = date(1962, 1, 1) + timedelta(days=r.randrange(0, 365 * 38))
        first17 = f"{r.choice(_REGIONS)}{born:%Y%m%d}{r.randrange(0, 1000):03d}"
        return first17 + id_check_char(first17)

    def card_number(self) -> str:
        return luhn_complete(_CARD_BIN + "".join(str(self.r.randrange(10)) for _ in range(12)))

    def phone(self) -> str:
        r = self.r
        if r.random() < 0.85:
            return f"1{r.choice('3456789')}{r.randrange(0, 10**9):09d}"
        return f"010-{r.randrange(2, 9)}{r.randrange(0, 10**7):07d}"

    def patent_digits(self, type_digit: str) -> str:
        """12 digits: filing year, type, a 7-digit serial never handed out twice."""
        self._serial += self.r.randrange(1, 40)
        year = self.r.choice((2016, 2017, 2018, 2018, 2019, 2019, 2019, 2020, 2020, 2020))
        return f"{year}{type_digit}{self._serial % 10**7:07d}"

    def patent_title(self) -> str:
        r = self.r
        return f"一种{r.choice(_QUALIFIER)}{r.choice(_OBJECT)}{r.choice(_CLAIM)}"

    def project_title(self) -> str:
        r = self.r
        if r.random() < 0.1:
            what = r.choice(_PROJECT_OBJECT)
        else:
            does = r.choice(_PROJECT_DOES)
            what = f"{r.choice(_PROJECT_PART)}{does}{'系统' if r.random() < 0.3 else ''}"
        approach = r.choice(_PROJECT_APPROACH) if r.random() < 0.6 else ""
        site = r.choice(_PROJECT_SITE) if r.random() < 0.75 else ""
        return f"{approach}{site}{what}{r.choice(_PROJECT_WORK)}"

    def written_otherwise(self, title: str) -> str:
        """``title`` as another studio's clerk typed it: a space in it, or its letters and
        digits full-width (the same folded key)."""
        if title.translate(_FULL_WIDTH) != title and self.r.random() < 0.5:
            return title.translate(_FULL_WIDTH)
        cut = self.r.randrange(1, len(title))
        return f"{title[:cut]} {title[cut:]}"

    def enterprise_names(self, n: int) -> list[str]:
        seen: set[str] = set()
        out: list[str] = []
        while len(out) < n:
            r = self.r
            name = f"北京{r.choice(_ENT_PREFIX)}{r.choice(_ENT_CORE)}{r.choice(_ENT_SUFFIX)}"
            if len(seen) > 0.8 * len(_ENT_PREFIX) * len(_ENT_CORE) * len(_ENT_SUFFIX):
                name = f"{name[:-2]}第{len(out)}分公司"
            if name not in seen:
                seen.add(name)
                out.append(name)
        return out

    def materials(self, keys: tuple[str, ...]) -> str:
        have = {k: True for k in keys}
        if self.r.random() < 0.1:
            have[self.r.choice(keys)] = False
        return json.dumps(have, ensure_ascii=False, sort_keys=True)

    def yes(self, no: float = 0.02, unknown: float = 0.03) -> int | None:
        x = self.r.random()
        return None if x < unknown else 0 if x < unknown + no else 1

    def received(self) -> str | None:
        x = self.r.random()
        if x < 0.01:
            return None
        if x < 0.04:  # after the 2022-11-01 deadline
            return (date(2022, 11, 2) + timedelta(days=self.r.randrange(0, 14))).isoformat()
        return (date(2022, 10, 18) + timedelta(days=self.r.randrange(0, 15))).isoformat()


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def patent_raw_forms(digits: str, check: str, x: float) -> str:
    """How clerks write a patent number: mostly ZL…, sometimes CN, spaced or without the dot."""
    if x < 0.80:
        return f"ZL{digits}.{check}"
    if x < 0.88:
        return f"ZL {digits[:4]} {digits[4]} {digits[5:]}.{check}"
    if x < 0.93:
        return f"CN{digits}.{check}"
    if x < 0.98:
        return f"{digits}.{check}"
    return f"ZL{digits}{check}"


# -- the register --------------------------------------------------------------
@dataclass(frozen=True)
class Generated:
    path: Path
    patents: int
    projects: int
    people: int
    seconds: float


def generate_register(
    path: str | Path, applications: int, *, seed: int = SEED, year: int = YEAR,
    verdicts: bool = True, approved: int = APPROVED,
) -> Generated:
    """A fresh register at ``path`` holding ``applications`` applications of ``year``.

    With ``verdicts`` the rules run at the end (their stored verdicts are what views
    sort and filter on) and up to ``approved`` eligible applications are approved,
    so there are approval sheets to print.
    """
    started = time.perf_counter()
    path = Path(path)
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    fake = Faker(seed)
    r = fake.r
    n_projects = int(applications * PROJECT_SHARE)
    n_patents = applications - n_projects
    now = datetime(2022, 11, 10, 9, 30).isoformat(timespec="seconds")

    reg = Register.open(path, operator="基准生成")
    conn = reg.conn
    try:
        cid = reg.campaign_id(year)
        # The trail's lines are dated as the program dates its own, by the clock as they are
        # written — after the line opening the register (its campaign's), not at ``now``,
        # the papers' story day: 100,000 lines four years before the line above them were
        # a clock set back to `check` (audit_chain.back_dated), said at every check.
        # (Registers cached before this keep their lines: VERSION is not bumped for it.)
        stamp = clock.now()
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO units (id, name, kind) VALUES (?, ?, ?)",
                         [(i, n, k) for i, (n, k) in enumerate(UNITS, start=1)])
        unit_names = [n for n, _ in UNITS]
        n_ent = max(20, applications // 25)
        ent_names = fake.enterprise_names(n_ent)
        ent_unit = [r.randrange(len(UNITS)) + 1 for _ in ent_names]
        conn.executemany(
            "INSERT INTO enterprises (id, name, unit_id) VALUES (?, ?, ?)",
            [(i, n, ent_unit[i - 1]) for i, n in enumerate(ent_names, start=1)],
        )

        # people: about one in twenty inventors files a second patent in the same campaign
        people: list[tuple] = []
        patents: list[tuple] = []
        history: list[tuple] = []
        audits: list[tuple] = []
        used_numbers: list[str] = []
        for app_id in range(1, n_patents + 1):
            ent = r.randrange(n_ent) + 1
            unit = ent_unit[ent - 1]
            if people and r.random() < 0.05:
                person = people[r.randrange(len(people))]
            else:
                x = r.random()
                id_number = fake.id_number()
                if x < 0.02:
                    id_number = None
                elif x < 0.04:  # a mistyped check digit
                    bad = "0123456789X".replace(id_number[-1], "")
                    id_number = id_number[:-1] + r.choice(bad)
                card = "" if r.random() < 0.03 else fake.card_number()
                if card and r.random() < 0.02:
                    card = card[:-1] + str((int(card[-1]) + 1) % 10)  # fails Luhn: a warning
                person = (len(people) + 1, fake.name(), id_number, card, fake.phone(),
                          fake.yes(), ent)
                people.append(person)
            type_digit = "1" if r.random() < 0.94 else r.choice("8822")
            digits = fake.patent_digits(type_digit)
            check = patent_check_char(digits)
            canonical: str | None = f"ZL{digits}.{check}"
            if r.random() < 0.01:
                check = str((int(check) + 1) % 10) if check != "X" else "0"
                canonical = None
            raw = patent_raw_forms(digits, check, r.random())
            if used_numbers and r.random() < 0.005:  # the same patent applied for twice
                canonical = used_numbers[r.randrange(len(used_numbers))]
                raw = canonical
            elif canonical:
                used_numbers.append(canonical)
            grant = date(2021, 1, 1) + timedelta(days=r.randrange(365))
            if r.random() < 0.03:
                grant = date(2020, 6, 1) + timedelta(days=r.randrange(200))
            title = fake.patent_title()
            seq = app_id % 500 + 1
            search = search_key(person[1], raw, canonical, title, unit_names[unit - 1],
                                ent_names[ent - 1])
            patents.append((
                app_id, cid, seq, unit, ent, person[0], title, raw, canonical,
                grant.isoformat(), fake.yes(), fake.yes(), r.choice(INDUSTRIES), "",
                fake.received(), fake.materials(tuple(PATENT_MATERIALS)), "registered", "",
                now, now, search, person[3], person[5],
            ))
            history.append(("patent", app_id, None, "registered", "", "录入员", now))
            audits.append((stamp, "录入员", "create", "patent_applications", app_id, None,
                           json.dumps({"title": title, "patent_number_raw": raw,
                                       "inventor_name": person[1]}, ensure_ascii=False)))
        conn.executemany(
            "INSERT INTO people (id, name, id_number, card_number, phone, frontline,"
            " enterprise_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            _unique_ids(people),
        )
        conn.executemany(
            "INSERT INTO patent_applications (id, campaign_id, seq, unit_id, enterprise_id,"
            " person_id, title, patent_number_raw, patent_number, grant_date, service_invention,"
            " applied_in_production, industry, remarks, received_date, materials, status,"
            " status_reason, created_at, updated_at, search_text, card_number, frontline)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            patents,
        )

        # studios: one to three projects each (a third project breaks 二（二）2)
        studios: list[tuple] = []
        projects: list[tuple] = []
        awards: list[tuple] = []
        studio_names: set[str] = set()
        pid = 0
        while pid < n_projects:
            ent = r.randrange(n_ent) + 1
            unit = ent_unit[ent - 1]
            leader = fake.name()
            level = CITY if r.random() < 0.3 else DISTRICT
            model = int(level == CITY and r.random() < 0.3)
            name = f"{leader}{r.choice(_STUDIO_KIND)}"
            if name in studio_names:
                name = f"{ent_names[ent - 1][2:6]}{name}"
            if name in studio_names:
                continue
            studio_names.add(name)
            sid = len(studios) + 1
            studios.append((sid, name, level, model, unit, ent, leader))
            if r.random() < 0.02:  # awarded in 2021, not yet accepted: may not apply (二（一）)
                awards.append((sid, year - 1, fake.project_title(), 3_000_000, 0, None))
            count = 1 if r.random() < 0.6 else 2 if r.random() < 0.93 else 3
            for _ in range(min(count, n_projects - pid)):
                pid += 1
                approval = date(year, 1, 1) + timedelta(days=r.randrange(330))
                if r.random() < 0.03:
                    approval = date(year - 1, 6, 1) + timedelta(days=r.randrange(200))
                done = approval + timedelta(days=r.randrange(300, 730))
                budget = r.randrange(20, 500) * 10_000_00
                amounts = (100_000_00, 50_000_00) if level == CITY else (30_000_00,)
                requested = r.choice(amounts)
                if r.random() < 0.03:
                    requested = 80_000_00
                other = projects[r.randrange(len(projects))] if projects else None
                if other and other[4] != sid and r.random() < NEAR_REPEAT:  # sent again
                    title = fake.written_otherwise(other[5])
                else:
                    title = fake.project_title()
                contact = fake.name()
                search = search_key(title, name, leader, unit_names[unit - 1],
                                    ent_names[ent - 1], contact)
                projects.append((
                    pid, cid, pid % 300 + 1, unit, sid, title, leader, approval.isoformat(),
                    fake.yes(), done.isoformat(), budget, requested, contact, fake.phone(),
                    r.choice(INDUSTRIES), "", fake.received(),
                    fake.materials(tuple(PROJECT_MATERIALS)), "registered", "", now, now, search,
                    title_key(title),
                ))
                history.append(("project", pid, None, "registered", "", "录入员", now))
                audits.append((stamp, "录入员", "create", "project_applications", pid, None,
                               json.dumps({"title": title, "studio_name": name},
                                          ensure_ascii=False)))
        conn.executemany(
            "INSERT INTO studios (id, name, level, model_studio, unit_id, enterprise_id, leader)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            studios,
        )
        conn.executemany(
            "INSERT INTO studio_awards (studio_id, year, project_title, award_fen, accepted,"
            " accepted_date) VALUES (?, ?, ?, ?, ?, ?)",
            awards,
        )
        conn.executemany(
            "INSERT INTO project_applications (id, campaign_id, seq, unit_id, studio_id, title,"
            " leader, approval_date, startup_funds_paid, planned_completion, total_budget_fen,"
            " requested_fen, contact_name, contact_phone, industry, remarks, received_date,"
            " materials, status, status_reason, created_at, updated_at, search_text, title_key)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            projects,
        )
        # each paper's numbers, as the register writes them (search_text.number_keys)
        conn.execute(
            "UPDATE patent_applications AS a SET search_numbers = k.numbers FROM (SELECT a.id,"
            f" number_keys({PATENT_NUMBERS_SQL}) AS numbers FROM patent_applications a"
            " LEFT JOIN people p ON p.id = a.person_id) AS k WHERE k.id = a.id")
        conn.execute("UPDATE project_applications SET search_numbers = number_keys(contact_phone)")
        conn.executemany(
            "INSERT INTO status_history (stream, application_id, from_status, to_status, reason,"
            " operator, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            history,
        )
        lines_before = last_id(conn)
        conn.executemany(
            "INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            audits,
        )
        seal(conn, lines_before)  # chained as the program's own writes are (audit_chain)
        conn.execute("COMMIT")
        conn.execute("PRAGMA synchronous = NORMAL")
        if verdicts:
            from boostdesk.rules import refresh

            refresh(reg, year)
            approve_eligible(reg, year, approved)
            refresh(reg, year)  # what approving changed (a person's other patents' findings)
        # No ANALYZE: an office's register has no planner statistics either.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        reg.close()
    return Generated(path, n_patents, n_projects, len(people), time.perf_counter() - started)


def approve_eligible(reg: Register, year: int, limit: int) -> int:
    """Approve up to ``limit`` eligible applications (four patents to one project), as
    the review would: registered → qualified → approved, with the award and history."""
    campaign = reg.campaign(year)
    cid = reg.campaign_id(year)
    day = date(2023, 1, 16)
    at_q = datetime(2022, 12, 5, 10).isoformat(timespec="seconds")
    at_a = datetime(2023, 1, 16, 15).isoformat(timespec="seconds")
    patents = [i for (i,) in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE campaign_id = ? AND eligible = 1"
        " AND incomplete = 0 ORDER BY id LIMIT ?", (cid, limit - limit // 5))]
    tier = {CITY: max(t.amount_fen for t in campaign.tiers_for(CITY)),
            DISTRICT: max(t.amount_fen for t in campaign.tiers_for(DISTRICT))}
    projects = []
    studios_done: set[int] = set()
    for app_id, sid, level, requested in reg.conn.execute(
        "SELECT a.id, a.studio_id, s.level, a.requested_fen FROM project_applications a"
        " JOIN studios s ON s.id = a.studio_id WHERE a.campaign_id = ? AND a.eligible = 1"
        " AND a.incomplete = 0 ORDER BY a.id", (cid,)
    ):
        if sid in studios_done:  # 二（二）2: at most one award per studio
            continue
        studios_done.add(sid)
        amounts = {t.amount_fen for t in campaign.tiers_for(level)}
        projects.append((requested if requested in amounts else tier[level], at_a, app_id))
        if len(projects) >= limit - len(patents):
            break
    with reg.transaction():
        reg.conn.executemany(
            "UPDATE patent_applications SET status = 'approved', award_fen = ?,"
            " approved_date = ? WHERE id = ?",
            [(campaign.patent_award_fen, day.isoformat(), i) for i in patents])
        reg.conn.executemany(
            "UPDATE project_applications SET status = 'approved', award_fen = ?,"
            " approved_date = ? WHERE id = ?",
            [(fen, day.isoformat(), i) for fen, _, i in projects])
        history = []
        for stream, ids in (("patent", patents), ("project", [i for *_, i in projects])):
            for i in ids:
                history.append((stream, i, "registered", "qualified", at_q))
                history.append((stream, i, "qualified", "approved", at_a))
        reg.conn.executemany(
            "INSERT INTO status_history (stream, application_id, from_status, to_status,"
            " reason, operator, at) VALUES (?, ?, ?, ?, '', '审核员', ?)", history)
    return len(patents) + len(projects)


def _unique_ids(people: list[tuple]) -> list[tuple]:
    """Two generated people may draw the same ID number: the second keeps none."""
    seen: set[str] = set()
    out = []
    for p in people:
        if p[2] is not None and p[2] in seen:
            p = (p[0], p[1], None, *p[3:])
        elif p[2] is not None:
            seen.add(p[2])
        out.append(p)
    return out


# -- the summary table -----------------------------------------------------------
def write_summary_table(
    path: str | Path, rows: int, *, seed: int = SEED + 1, year: int = YEAR
) -> Path:
    """Attachment 2 with ``rows`` data rows, as a unit would send it (openpyxl write-only)."""
    from openpyxl import Workbook

    from boostdesk.io.headers import PATENT_TABLE
    from boostdesk.io.template import template_title

    fake = Faker(seed)
    r = fake.r
    columns = PATENT_TABLE.template_columns()
    unit_names = [n for n, _ in UNITS]
    ent_names = fake.enterprise_names(max(20, rows // 25))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(PATENT_TABLE.name_zh.split("（")[0])
    ws.append([template_title(PATENT_TABLE, year)])
    ws.append([c.header for c in columns])
    yes_no = {1: "是", 0: "否", None: ""}
    for i in range(1, rows + 1):
        digits = fake.patent_digits("1" if r.random() < 0.95 else "2")
        grant = date(2021, 1, 1) + timedelta(days=r.randrange(365))
        values = {
            "seq": i,
            "unit_name": r.choice(unit_names),
            "enterprise_name": r.choice(ent_names),
            "title": fake.patent_title(),
            "patent_number_raw": patent_raw_forms(digits, patent_check_char(digits), r.random()),
            # Units type dates every way: date cells mostly, text sometimes.
            "grant_date": grant if r.random() < 0.8 else f"{grant.year}.{grant.month}.{grant.day}",
            "inventor_name": fake.name(),
            "id_number": fake.id_number(),
            "card_number": fake.card_number(),
            "phone": fake.phone(),
            "frontline": yes_no[fake.yes()],
            "service_invention": yes_no[fake.yes()],
            "applied_in_production": yes_no[fake.yes()],
            "remarks": "",
        }
        ws.append([values.get(c.field, "") for c in columns])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def spread_over_years(path: str | Path, years: int = HISTORY_YEARS, last: int = YEAR) -> None:
    """The register at ``path`` made ``years`` campaigns of history: the plan of ``last``
    re-issued for each earlier year, the applications dealt round the years by id (every
    tenth to each of ten), every campaign re-checked. The dates stay the last year's, so
    most earlier patents fall outside their year's window: a register to time, not to read."""
    from boostdesk.rules import refresh

    reg = Register.open(path, operator="基准生成")
    try:
        plan = reg.campaign(last)
        first = last - years + 1
        for year in range(first, last):
            reg.save_campaign(plan.for_year(year))
        ids = [reg.campaign_id(year) for year in range(first, last + 1)]
        with reg.transaction():
            for table in ("patent_applications", "project_applications"):
                for k, cid in enumerate(ids):
                    reg.conn.execute(f"UPDATE {table} SET campaign_id = ? WHERE id % ? = ?",
                                     (cid, years, k))
        reg.take_changes()  # the refreshes below check every campaign whole
        for year in range(first, last + 1):
            refresh(reg, year)
    finally:
        reg.close()


# -- cache -----------------------------------------------------------------------
def brought_up_to_date(path: Path) -> Path:
    """``path`` at this BoostDesk's schema: a cached register an older BoostDesk generated
    is upgraded (and re-checked, as the app does) once here, not in every timed copy."""
    from boostdesk.models.schema import SCHEMA_VERSION
    from boostdesk.safety.integrity import register_version

    version = register_version(path)
    if version is not None and version < SCHEMA_VERSION:
        from boostdesk import rules

        t = time.perf_counter()
        Register.open(path, "基准", after_upgrade=rules.recheck).close()
        print(f"  upgraded {path.name} from schema {version} to {SCHEMA_VERSION} "
              f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


def cached_register(applications: int, cache: Path = CACHE) -> Path:
    """The register of ``applications`` applications, generated once per cache folder."""
    path = cache / f"register-{applications}-v{VERSION}.db"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f"register-{applications}.partial.db"
        generate_register(tmp, applications)
        tmp.replace(path)
    return brought_up_to_date(path)


def cached_history_register(applications: int, cache: Path = CACHE) -> Path:
    """The register of ``applications`` spread over ``HISTORY_YEARS`` campaigns, made once."""
    import sqlite3

    path = cache / f"history-{applications}-v{VERSION}.db"
    if not path.exists():
        tmp = cache / f"history-{applications}.partial.db"
        tmp.unlink(missing_ok=True)
        source = sqlite3.connect(cached_register(applications, cache))
        target = sqlite3.connect(tmp)
        source.backup(target)  # with whatever a probe left in the source's WAL
        target.close()
        source.close()
        spread_over_years(tmp)
        tmp.replace(path)
    return brought_up_to_date(path)


def cached_table(rows: int, cache: Path = CACHE) -> Path:
    path = cache / f"summary-{rows}-v{VERSION}.xlsx"
    if not path.exists():
        tmp = write_summary_table(cache / f"summary-{rows}.partial.xlsx", rows)
        tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate a synthetic register or summary table")
    p.add_argument("out", type=Path)
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--apps", type=int, help="applications in the register")
    group.add_argument("--table", type=int, help="data rows of the summary table")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--no-verdicts", action="store_true", help="do not run the rules at the end")
    args = p.parse_args(argv)
    if args.apps is not None:
        g = generate_register(args.out, args.apps, seed=args.seed, verdicts=not args.no_verdicts)
        print(f"{g.path}: {g.patents} patents, {g.projects} projects, {g.people} people"
              f" in {g.seconds:.1f} s")
    else:
        t = time.perf_counter()
        write_summary_table(args.out, args.table, seed=args.seed)
        print(f"{args.out}: {args.table} rows in {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
