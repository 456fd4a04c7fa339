"""Demo data: a register at work, so a newcomer sees every stage of both streams.

Deterministic (seeded): the same register every time, fit for screenshots and
tests. Each application is entered with the stage it should reach and, where
the demo means it to break a rule, the reason a reviewer would type. Statuses
move only through ``Register.set_status``, one function per stage, so a later
stage (expert scores, payments) plugs in between two calls of ``fill_demo``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from boostdesk.finance.paying import record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import CITY, DISTRICT, Register, clock
from boostdesk.models.records import (
    PATENT,
    PATENT_MATERIALS,
    PROJECT,
    PROJECT_MATERIALS,
    PatentApplication,
    ProjectApplication,
    StudioAward,
)

SEED = 20221017
DEMO_YEAR = 2022
EARLIER_YEAR = 2021
# The day the demo is set on: nothing it records (a payment, an acceptance) falls after it,
# whatever the day it is built (built on a later day it paid and accepted into 2024, the
# screens' 2023-03-10 showing a project accepted and paid before it was). Its 2022 patents'
# awards fall due five days later, the projects' first tranches on 2023-03-28.
DEMO_DAY = date(2023, 3, 10)


def demo_today() -> date:
    """The demo's "today": :data:`DEMO_DAY`, or the clock's day when a test sets it earlier."""
    return min(clock.today(), DEMO_DAY)

ENTRY_OPERATOR = "王秀兰"  # 录入
REVIEW_OPERATOR = "刘建国"  # 审核
FINANCE_OPERATOR = "赵丽娟"  # 财务

WAN = 10_000_00  # 1 万元 in fen

UNITS: tuple[tuple[str, str], ...] = (
    ("海淀区总工会", "区"),
    ("朝阳区总工会", "区"),
    ("丰台区总工会", "区"),
    ("大兴区总工会", "区"),
    ("北京经济技术开发区总工会", "区"),
    ("北京市建设工会", "产业"),
    ("北京市国防邮电工会", "产业"),
    ("北京市交通委员会工会", "局"),
    ("北京市卫生健康委员会工会", "局"),
    ("北京市公交集团工会", "集团（公司）"),
    ("首钢集团工会", "集团（公司）"),
    ("北京城建集团工会", "集团（公司）"),
    ("北京理工大学工会", "高等院校"),
    ("北京工业大学工会", "高等院校"),
    ("北京电子城直属企业联合工会", "直属基层"),
)

# enterprise -> recommending union (names are made up for the demo)
ENTERPRISES: tuple[tuple[str, str], ...] = (
    ("北京中科智测科技有限公司", "海淀区总工会"),
    ("北京华信数控技术有限公司", "海淀区总工会"),
    ("北京东方恒润新材料有限公司", "朝阳区总工会"),
    ("北京朝华信息系统有限公司", "朝阳区总工会"),
    ("北京丰台轨道交通装备有限公司", "丰台区总工会"),
    ("北京大兴新能源汽车零部件有限公司", "大兴区总工会"),
    ("北京亦庄精工智能装备有限公司", "北京经济技术开发区总工会"),
    ("北京博瑞康生物医药有限公司", "北京经济技术开发区总工会"),
    ("北京城市路桥工程有限公司", "北京市建设工会"),
    ("北京建安机电安装工程有限公司", "北京市建设工会"),
    ("北京邮通网络技术有限公司", "北京市国防邮电工会"),
    ("北京市公路养护工程有限公司", "北京市交通委员会工会"),
    ("北京市东城康复医院", "北京市卫生健康委员会工会"),
    ("北京公交集团第一客运分公司", "北京市公交集团工会"),
    ("北京公交集团保修分公司", "北京市公交集团工会"),
    ("首钢特钢材料有限公司", "首钢集团工会"),
    ("首钢智能装备制造有限公司", "首钢集团工会"),
    ("北京城建道桥建设有限公司", "北京城建集团工会"),
    ("北京理工大学", "北京理工大学工会"),
    ("北京工业大学", "北京工业大学工会"),
    ("北京电子城精密仪器有限公司", "北京电子城直属企业联合工会"),
)

PATENT_TITLES: tuple[tuple[str, str], ...] = (
    ("一种基于深度学习的焊缝缺陷识别方法", "人工智能"),
    ("一种公交车辆制动系统故障预警装置", "智能装备"),
    ("一种地铁隧道结构变形自动监测系统", "智能装备"),
    ("一种高强度耐候钢板的轧制方法", "新材料"),
    ("一种电动汽车电池包热管理系统", "新能源智能汽车"),
    ("一种预制混凝土构件的快速吊装装置", "智能装备"),
    ("一种医用输液管路气泡检测装置", "医药健康"),
    ("一种基于图像识别的路面裂缝检测方法", "人工智能"),
    ("一种锅炉烟气余热回收系统", "节能环保"),
    ("一种光纤熔接质量在线检测方法", "新一代信息技术"),
    ("一种数控机床主轴热误差补偿方法", "智能装备"),
    ("一种污水处理曝气量智能控制系统", "节能环保"),
    ("一种集成电路封装用引线框架的清洗方法", "集成电路"),
    ("一种桥梁支座更换用同步顶升装置", "智能装备"),
    ("一种氢燃料电池双极板的成型方法", "新能源智能汽车"),
    ("一种基于北斗定位的公交到站预测方法", "软件和信息服务"),
    ("一种冷轧带钢表面缺陷在线检测装置", "智能装备"),
    ("一种中药饮片自动称量分装装置", "医药健康"),
    ("一种电力电缆局部放电定位方法", "新一代信息技术"),
    ("一种建筑垃圾再生骨料的制备方法", "节能环保"),
    ("一种盾构机刀盘磨损检测装置", "智能装备"),
    ("一种多源异构数据的实时融合方法", "软件和信息服务"),
    ("一种轨道车辆转向架焊接变形控制方法", "智能装备"),
    ("一种可降解医用缝合线的制备方法", "医药健康"),
    ("一种锂离子电池极片涂布厚度控制系统", "新能源智能汽车"),
    ("一种基于知识图谱的设备故障诊断方法", "人工智能"),
    ("一种高炉炉顶布料的优化控制方法", "节能环保"),
    ("一种城市供热管网泄漏定位方法", "节能环保"),
    ("一种芯片测试探针卡的修复方法", "集成电路"),
    ("一种工业机器人末端柔性夹持装置", "智能装备"),
    ("一种沥青路面就地热再生装置", "节能环保"),
    ("一种车载视频的智能压缩传输方法", "新一代信息技术"),
    ("一种钢结构高强螺栓预紧力检测方法", "智能装备"),
    ("一种呼吸机管路消毒装置", "医药健康"),
    ("一种碳纤维复合材料构件的修补方法", "新材料"),
    ("一种公交场站充电桩智能调度系统", "新能源智能汽车"),
    ("一种基于语音识别的调度指令核验方法", "人工智能"),
    ("一种隧道衬砌空洞无损检测方法", "科技服务"),
    ("一种精密齿轮的磨削加工方法", "智能装备"),
    ("一种基于边缘计算的设备状态监测系统", "软件和信息服务"),
    ("一种热轧钢卷自动打捆装置", "智能装备"),
    ("一种血液样本自动分拣装置", "医药健康"),
    ("一种装配式建筑灌浆饱满度检测方法", "科技服务"),
    ("一种低温环境下混凝土养护装置", "新材料"),
    ("一种5G基站天线姿态监测装置", "新一代信息技术"),
    ("一种纯电动客车空调节能控制方法", "新能源智能汽车"),
    ("一种半导体晶圆清洗废液回收方法", "集成电路"),
    ("一种电梯曳引钢丝绳断丝检测装置", "智能装备"),
    ("一种基于大数据的客流预测方法", "软件和信息服务"),
    ("一种石墨烯改性防腐涂料的制备方法", "新材料"),
    ("一种道路标线智能施划装置", "智能装备"),
    ("一种手术器械追溯管理系统", "医药健康"),
    ("一种变电站巡检机器人的路径规划方法", "人工智能"),
    ("一种废旧动力电池拆解装置", "节能环保"),
    ("一种高速铣削刀具寿命预测方法", "智能装备"),
    ("一种地下管线三维建模方法", "科技服务"),
    ("一种钢包耐火材料的喷补方法", "新材料"),
    ("一种基于物联网的工地扬尘监控系统", "节能环保"),
    ("一种车辆轮对尺寸在线测量装置", "智能装备"),
    ("一种微流控芯片的键合方法", "集成电路"),
    ("一种光伏组件清洗机器人", "节能环保"),
    ("一种实验室危化品智能存储柜", "科技服务"),
    ("一种公交车门防夹检测装置", "智能装备"),
    ("一种基于数字孪生的产线调度方法", "人工智能"),
    ("一种骨科植入物表面涂层的制备方法", "医药健康"),
    ("一种桥面铺装层脱空检测方法", "科技服务"),
)

# studio name, level, model (示范性), enterprise, leader, the projects it applies with
STUDIOS: tuple[tuple[str, str, bool, str, str, tuple[str, ...]], ...] = (
    ("李红兵劳模创新工作室", CITY, True, "首钢特钢材料有限公司", "李红兵",
     ("特殊钢连铸坯质量在线判定系统研发",)),
    ("张卫东职工创新工作室", CITY, True, "北京公交集团保修分公司", "张卫东",
     ("纯电动公交车高压系统快速诊断平台",)),
    ("刘志强劳模创新工作室", CITY, True, "北京城市路桥工程有限公司", "刘志强",
     ("城市桥梁支座病害智能巡检技术攻关",)),
    ("陈建国职工创新工作室", CITY, False, "北京亦庄精工智能装备有限公司", "陈建国",
     ("精密减速器装配质量一致性提升",)),
    ("王海燕职工创新工作室", CITY, False, "北京市东城康复医院", "王海燕",
     ("脑卒中患者居家康复训练器具研制",)),
    ("赵永刚职工创新工作室", CITY, False, "北京丰台轨道交通装备有限公司", "赵永刚",
     ("地铁车辆转向架关键部件无损检测工艺改进", "轨道车辆轮对故障声学诊断系统研发")),
    ("孙丽华职工创新工作室", CITY, False, "北京博瑞康生物医药有限公司", "孙丽华",
     ("单克隆抗体纯化工艺收率提升",)),
    ("周明职工创新工作室", CITY, True, "北京邮通网络技术有限公司", "周明",
     ("5G室内分布系统覆盖优化技术研究",)),
    ("马国庆职工创新工作室", CITY, False, "首钢智能装备制造有限公司", "马国庆",
     ("热轧产线设备智能点检系统开发",)),
    ("郭晓峰职工创新工作室", CITY, False, "北京理工大学", "郭晓峰",
     ("微小型无人机结构件轻量化设计", "特种车辆动力舱热管理仿真平台")),
    ("数控加工技能大师工作室", DISTRICT, False, "北京华信数控技术有限公司", "黄志成",
     ("五轴数控加工程序优化与刀具寿命管理",)),
    ("智能检测职工创新工作室", DISTRICT, False, "北京中科智测科技有限公司", "林涛",
     ("管廊结构健康监测传感器国产化替代",)),
    ("新材料应用职工创新工作室", DISTRICT, False, "北京东方恒润新材料有限公司", "何春梅",
     ("高性能防火保温材料工艺改进",)),
    ("信息系统运维创新工作室", DISTRICT, False, "北京朝华信息系统有限公司", "高俊",
     ("信息系统自动化运维平台建设",)),
    ("轨道车辆检修创新工作室", DISTRICT, False, "北京丰台轨道交通装备有限公司", "罗振宇",
     ("轨道车辆空调机组检修工装研制",)),
    ("电驱系统职工创新工作室", DISTRICT, False, "北京大兴新能源汽车零部件有限公司", "梁宏伟",
     ("电驱总成下线测试台架开发",)),
    ("精密装配职工创新工作室", DISTRICT, False, "北京亦庄精工智能装备有限公司", "宋佳",
     ("精密光学组件自动装调平台研制",)),
    ("生物制药工艺创新工作室", DISTRICT, False, "北京博瑞康生物医药有限公司", "郑雪",
     ("冻干粉针剂生产线节能改造",)),
    ("桥梁养护职工创新工作室", DISTRICT, False, "北京城市路桥工程有限公司", "谢长青",
     ("桥面伸缩缝快速更换工法研究",)),
    ("机电安装职工创新工作室", DISTRICT, False, "北京建安机电安装工程有限公司", "韩磊",
     ("机电管线综合排布BIM深化设计应用", "大型冷水机组吊装就位工法研究")),
    ("通信网络优化创新工作室", DISTRICT, False, "北京邮通网络技术有限公司", "唐文博",
     ("基站节能智能关断策略研究",)),
    ("公路养护机械创新工作室", DISTRICT, False, "北京市公路养护工程有限公司", "冯德胜",
     ("公路养护作业安全防护装置研制", "沥青路面坑槽快速修补设备改进")),
    ("康复护理职工创新工作室", DISTRICT, False, "北京市东城康复医院", "于静",
     ("术后康复护理评估系统开发", "长期卧床患者压疮预防护理器具研制")),
    ("公交驾驶安全创新工作室", DISTRICT, False, "北京公交集团第一客运分公司", "董海军",
     ("公交驾驶员安全驾驶行为分析系统", "公交车右转视觉盲区预警装置研制")),
    ("车辆保修技术创新工作室", DISTRICT, False, "北京公交集团保修分公司", "萧建军",
     ("新能源公交车电池健康状态评估",)),
    ("特钢冶炼职工创新工作室", DISTRICT, False, "首钢特钢材料有限公司", "程立新",
     ("电弧炉冶炼能耗优化技术攻关",)),
    ("道桥施工职工创新工作室", DISTRICT, False, "北京城建道桥建设有限公司", "曹永生",
     ("城市快速路改造交通导改方案优化", "钢结构桥梁焊缝相控阵检测工艺")),
    ("智能制造实验教学创新工作室", DISTRICT, False, "北京工业大学", "袁博",
     ("智能制造实训平台开发",)),
    ("精密仪器装调创新工作室", DISTRICT, False, "北京电子城精密仪器有限公司", "邓秀英",
     ("精密测量仪器校准装置研制", "高精度齿轮测量中心国产化应用", "光栅尺装调检测工装研制")),
    ("热轧设备点检创新工作室", DISTRICT, False, "首钢智能装备制造有限公司", "许国华",
     ("热轧卷取机故障预警模型研究",)),
    ("装配式建筑职工创新工作室", DISTRICT, False, "北京建安机电安装工程有限公司", "傅强",
     ("装配式构件生产质量追溯系统",)),
)

# Patents go to an enterprise whose trade fits the title.
PATENT_ENTERPRISES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("公交", "客流", "到站", "调度"), ("北京公交集团第一客运分公司", "北京公交集团保修分公司")),
    (("钢", "轧", "高炉", "钢包"), ("首钢特钢材料有限公司", "首钢智能装备制造有限公司")),
    (("桥", "路面", "沥青", "道路", "隧道", "盾构", "管线"),
     ("北京城市路桥工程有限公司", "北京市公路养护工程有限公司", "北京城建道桥建设有限公司")),
    (("混凝土", "建筑", "电梯", "供热", "工地"),
     ("北京建安机电安装工程有限公司", "北京城建道桥建设有限公司")),
    (("轨道", "转向架", "轮对", "地铁"), ("北京丰台轨道交通装备有限公司",)),
    (("电池", "电动", "氢燃料", "充电"), ("北京大兴新能源汽车零部件有限公司",)),
    (("医", "血液", "手术", "骨科", "中药", "呼吸机", "缝合"),
     ("北京博瑞康生物医药有限公司", "北京市东城康复医院")),
    (("芯片", "晶圆", "集成电路", "微流控", "半导体"),
     ("北京电子城精密仪器有限公司", "北京工业大学", "北京理工大学")),
    (("光纤", "5G", "电缆", "视频", "基站"), ("北京邮通网络技术有限公司",)),
    (("数据", "知识图谱", "数字孪生", "边缘计算", "语音", "深度学习", "路径规划"),
     ("北京朝华信息系统有限公司", "北京中科智测科技有限公司", "北京理工大学")),
    (("数控", "机床", "齿轮", "铣削", "机器人", "夹持"),
     ("北京华信数控技术有限公司", "北京亦庄精工智能装备有限公司")),
    (("涂料", "复合材料", "石墨烯", "再生骨料"), ("北京东方恒润新材料有限公司",)),
)
OTHER_ENTERPRISES = ("北京中科智测科技有限公司", "北京东方恒润新材料有限公司",
                     "北京亦庄精工智能装备有限公司", "北京工业大学")


def enterprise_for(rng: random.Random, title: str) -> str:
    for needles, enterprises in PATENT_ENTERPRISES:
        if any(n in title for n in needles):
            return rng.choice(enterprises)
    return rng.choice(OTHER_ENTERPRISES)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕", "晓东",
    "国庆", "文博", "晨", "宇航", "子涵", "思远", "嘉怡", "浩然", "立新", "春梅", "永刚", "俊杰",
    "雪梅", "振华", "宏伟", "丹", "鑫", "斌", "亮", "慧", "琳", "博", "玥", "喆", "昊天", "雨桐",
)

# Beijing district codes (GB/T 2260) of the city districts as they were when these
# people were born (崇文 103, 宣武 104 until 2010); stdnum's table knows all of them.
AREAS = ("110101", "110102", "110103", "110104", "110105", "110106", "110107", "110108",
         "110109")
PHONE_PREFIXES = ("130", "131", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                  "153", "155", "156", "158", "159", "180", "185", "186", "187", "188", "189")
CARD_PREFIX = "621468"  # UnionPay-style issuer prefix; the numbers are invented


@dataclass
class Entry:
    """An application of the demo and the stage it is meant to reach."""

    stream: str
    id: int
    target: str
    reason: str = ""
    award_fen: int | None = None


@dataclass
class Demo:
    """What the stages share: the register, the random source and the entries so far."""

    reg: Register
    rng: random.Random
    entries: list[Entry] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)
    used_numbers: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    vouchers: dict[int, int] = field(default_factory=dict)  # the last voucher number by year
    # project -> status -> the day the panel's season made that move (demo_panel)
    days: dict[int, dict[str, date]] = field(default_factory=dict)

    def of(self, stream: str, year: int, *targets: str) -> list[Entry]:
        apps = {a.id for a in (self.reg.patents(year) if stream == PATENT
                               else self.reg.projects(year))}
        return [e for e in self.entries
                if e.stream == stream and e.id in apps and (not targets or e.target in targets)]


# -- made-up but well-formed numbers -------------------------------------------
def resident_id(rng: random.Random, used: set[str]) -> str:
    """An 18-character resident ID (GB 11643) with a correct check character."""
    from stdnum.cn import ric

    while True:
        born = date(1966, 1, 1) + timedelta(days=rng.randrange(365 * 30))
        body = f"{rng.choice(AREAS)}{born:%Y%m%d}{rng.randrange(1, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in used:
            used.add(number)
            return number


def union_card(rng: random.Random, luhn_ok: bool = True) -> str:
    """A 19-digit 工会会员互助服务卡 number; ``luhn_ok=False`` gives one that fails Luhn."""
    from stdnum import luhn

    body = CARD_PREFIX + "".join(str(rng.randrange(10)) for _ in range(12))
    check = luhn.calc_check_digit(body)
    if not luhn_ok:
        check = str((int(check) + 1 + rng.randrange(9)) % 10)
    return body + check


def phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def application_number(rng: random.Random, used: set[str], kind: str = "1",
                       filed: int | None = None) -> str:
    """A 12-digit CNIPA application number with its check character, e.g. 201910123456.7."""
    from boostdesk.validate import patent_check_char

    while True:
        year = filed or rng.randrange(2016, 2021)
        digits = f"{year}{kind}{rng.randrange(0, 1_600_000):07d}"
        if digits not in used:
            used.add(digits)
            return f"{digits}.{patent_check_char(digits)}"


def wrong_check(number: str) -> str:
    """The same number with a wrong check character (a typing slip)."""
    digits, check = number.split(".")
    chars = "0123456789X"
    return f"{digits}.{chars[(chars.index(check) + 3) % 11]}"


def person_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def tuesday_in(rng: random.Random, year: int) -> date:
    """A Tuesday of ``year`` (CNIPA publishes grants on Tuesdays and Fridays)."""
    day = date(year, 1, 1) + timedelta(days=rng.randrange(358))
    return day + timedelta(days=(1 - day.weekday()) % 7)


def received_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def all_materials(keys: dict[str, str], *lacking: str) -> dict[str, bool]:
    return {k: k not in lacking for k in keys}


# -- the register's fixed names ---------------------------------------------------
def add_units(d: Demo) -> None:
    reg = d.reg
    for name, kind in UNITS:
        reg.ensure_unit(name, kind)
    units = {name: reg.ensure_unit(name) for name, _ in UNITS}
    for name, unit in ENTERPRISES:
        reg.ensure_enterprise(name, units[unit])
    enterprise_unit = dict(ENTERPRISES)
    for name, level, model, enterprise, leader, _ in STUDIOS:
        unit = enterprise_unit[enterprise]
        reg.ensure_studio(name, level, units[unit], reg.ensure_enterprise(enterprise),
                          leader, model)


def add_campaigns(d: Demo) -> None:
    """The 2022 plan (seeded by the register) and the 2021 plan, the same rules a year back."""
    from boostdesk.models import plan_2022

    years = d.reg.campaign_years()
    if DEMO_YEAR not in years:
        d.reg.save_campaign(plan_2022())
    if EARLIER_YEAR not in years:
        d.reg.save_campaign(d.reg.campaign(DEMO_YEAR).for_year(EARLIER_YEAR))


# -- patent applications ------------------------------------------------------------
def _patent(d: Demo, year: int, topic: tuple[str, str], **over: object) -> PatentApplication:
    rng = d.rng
    enterprise = enterprise_for(rng, topic[0])
    unit = dict(ENTERPRISES)[enterprise]
    campaign = d.reg.campaign(year)
    number = application_number(rng, d.used_numbers, filed=rng.randrange(year - 6, year - 1))
    style = rng.random()
    raw = (f"ZL{number}" if style < 0.75 else
           f"ZL {number[:4]} {number[4]} {number[5:]}" if style < 0.85 else
           number if style < 0.95 else f"CN{number}")
    app = PatentApplication(
        campaign_year=year, title=topic[0], industry=topic[1], patent_number_raw=raw,
        grant_date=tuesday_in(rng, campaign.grant_window_start.year),
        inventor_name=person_name(rng, d.used_names), id_number=resident_id(rng, d.used_ids),
        card_number=union_card(rng), phone=phone(rng), frontline=True,
        service_invention=True, applied_in_production=True, unit_name=unit,
        enterprise_name=enterprise,
        received_date=received_between(rng, campaign.issued_date + timedelta(days=3),
                                       campaign.submission_deadline),
        materials=all_materials(PATENT_MATERIALS),
    )
    return replace(app, **over)  # type: ignore[arg-type]


def _enter(d: Demo, app: PatentApplication | ProjectApplication, target: str,
           reason: str = "", award_fen: int | None = None) -> int:
    app_id = d.reg.save_patent(app) if app.stream == PATENT else d.reg.save_project(app)  # type: ignore[arg-type]
    d.entries.append(Entry(app.stream, app_id, target, reason, award_fen))
    return app_id


def enter_earlier_patents(d: Demo) -> None:
    """2021: a few patents awarded and paid, one refused; one will be applied for again."""
    titles = iter(PATENT_TITLES[-4:])
    year = EARLIER_YEAR
    for target in ("paid", "paid", "paid"):
        _enter(d, _patent(d, year, next(titles), seq=None), target)
    _enter(d, _patent(d, year, next(titles), grant_date=date(2019, 11, 26)), "refused",
           "授权公告日不在2020年度内，不符合方案一（二）1")


def enter_patents(d: Demo) -> None:
    """2022: ~60 applications — most in order, a spread of refusals and gaps."""
    year = DEMO_YEAR
    rng = d.rng
    titles = iter(PATENT_TITLES)
    seq = iter(range(1, 1000))

    def add(target: str, reason: str = "", **over: object) -> int:
        return _enter(d, _patent(d, year, next(titles), seq=next(seq), **over), target, reason)

    # In order, at every stage.
    for target, count in (("registered", 14), ("qualified", 7), ("approved", 6), ("paid", 6)):
        for _ in range(count):
            add(target)
    # One person, two otherwise eligible patents: one is awarded, the other refused.
    first = _patent(d, year, next(titles), seq=next(seq))
    _enter(d, first, "approved")
    add("refused", f"{first.inventor_name}本年度已获助推，每人每年最多享受一次（方案一（三））",
        inventor_name=first.inventor_name, id_number=first.id_number,
        card_number=first.card_number, phone=first.phone,
        unit_name=first.unit_name, enterprise_name=first.enterprise_name)
    # The same patent sent by two units; the second typed with spaces.
    dup = _patent(d, year, next(titles), seq=next(seq))
    _enter(d, dup, "qualified")
    digits = dup.patent_number_raw.replace("ZL", "").replace("CN", "").replace(" ", "")
    add("refused", "同一专利已由其他单位申报（方案一（三））",
        patent_number_raw=f"ZL {digits[:4]} {digits[4]} {digits[5:]}",
        title=dup.title, inventor_name=dup.inventor_name, id_number=dup.id_number,
        card_number=dup.card_number, phone=dup.phone, grant_date=dup.grant_date)
    # A patent already awarded in 2021, applied for again.
    earlier = next(a for a in d.reg.patents(EARLIER_YEAR) if a.status == "paid")
    add("refused", "该专利已于2021年度获助推，不能重复申报",
        patent_number_raw=earlier.patent_number_raw, title=earlier.title,
        grant_date=earlier.grant_date, inventor_name=earlier.inventor_name,
        id_number=earlier.id_number, card_number=earlier.card_number, phone=earlier.phone)
    # Refusals, each for one reason.
    utility = application_number(rng, d.used_numbers, kind="2")
    add("refused", "实用新型专利，只有发明专利可获助推（方案一（二）1）", patent_number_raw=f"ZL{utility}")
    design = application_number(rng, d.used_numbers, kind="3")
    add("registered", patent_number_raw=f"ZL{design}")
    add("registered", patent_number_raw=f"ZL{wrong_check(application_number(rng, d.used_numbers))}",
        remarks="专利号校验位与证书不符，已电话联系单位核对")
    add("refused", "授权公告日2020-12-31，不在2021年度内（方案一（二）1）",
        grant_date=date(2020, 12, 31))
    add("refused", "授权公告日2022-01-01，不在2021年度内（方案一（二）1）",
        grant_date=date(2022, 1, 1))
    add("refused", "授权公告日不在2021年度内（方案一（二）1）", grant_date=date(2020, 6, 16))
    add("refused", "企业应用证明显示尚未投产（方案一（二）1）", applied_in_production=False)
    add("refused", "非职务发明（方案一（二）2）", service_invention=False)
    add("refused", "第一发明人为研发中心主任，非一线职工（方案一（二）2）", frontline=False)
    add("registered", card_number="", remarks="工会卡正在补办")
    add("registered", card_number=union_card(rng, luhn_ok=False),
        remarks="卡号校验未通过，请核对")
    bad_id = resident_id(rng, d.used_ids)
    add("registered", id_number=bad_id[:-1] + ("0" if bad_id[-1] != "0" else "1"))
    # Facts not supplied yet (待补材料).
    add("registered", frontline=None)
    add("registered", applied_in_production=None)
    add("registered", grant_date=None)
    add("registered", service_invention=None)
    add("registered", materials=all_materials(PATENT_MATERIALS, "production_proof"))
    add("registered", materials=all_materials(PATENT_MATERIALS, "certificate", "union_stamp"))
    # Late, but accepted by the reviewer.
    add("qualified", received_date=date(2022, 11, 9), remarks="逾期报送，经审核同意受理")
    add("registered", received_date=date(2022, 11, 15))


def review_patents(d: Demo, year: int) -> None:
    """资格审核: qualify what is in order, refuse with the reviewer's reason."""
    for e in d.of(PATENT, year):
        if e.target == "refused":
            d.reg.set_status(PATENT, e.id, "refused", e.reason)
        elif e.target != "registered":
            d.reg.set_status(PATENT, e.id, "qualified")


def approve_patents(d: Demo, year: int) -> None:
    """核准: the fixed award of the campaign."""
    c = d.reg.campaign(year)
    approved = d.of(PATENT, year, "approved", "paid")
    for e in approved:
        d.reg.set_status(PATENT, e.id, "approved", award_fen=c.patent_award_fen,
                         approved_date=date(year, 12, 15))
    # its payables made by the approval, by the approver (the demo is one transaction:
    # its commit would make them all at the end, by whoever ran it)
    sync_plan(d.reg, year, [(PATENT, e.id) for e in approved])


def pay_awards(d: Demo, year: int) -> None:
    """资金划拨 as finance records it, each payer's part: the patents' award to the
    inventor's union card, the projects' first tranche (planned by their approvals)."""
    pay(d, [(PATENT, e.id, 1) for e in d.of(PATENT, year, "paid")]
        + [(PROJECT, e.id, 1) for e in d.of(PROJECT, year) if _reaches(e, "paid_first")])


def pay(d: Demo, tranches: list[tuple[str, int, int]]) -> None:
    """Every payer's part of each (stream, application, tranche), recorded in date order
    with voucher numbers running through each year (the last part paid moves the application
    on, as at the desk): a first tranche a few days before its term, a later one (due within
    the campaign's months of the acceptance) a few days after the acceptance. A day after
    the demo's day (:func:`demo_today`) is not paid yet."""
    days = []
    for stream, app_id, tranche in tranches:
        accepted = None if tranche == 1 else d.reg.scalar(
            "SELECT accepted_date FROM project_applications WHERE id = ?", (app_id,))
        for row in d.reg.query(
                "SELECT id, due_date FROM payments WHERE stream = ? AND application_id = ?"
                " AND tranche = ? AND paid_date IS NULL ORDER BY payer",
                (stream, app_id, tranche)):
            due = date.fromisoformat(row["due_date"])
            shift = timedelta(days=d.rng.randrange(2, 25))
            day = due - shift if accepted is None else date.fromisoformat(accepted) + shift
            if day <= demo_today():
                days.append((day, row["id"]))
    for day, payment_id in sorted(days):
        d.vouchers[day.year] = d.vouchers.get(day.year, 0) + 1
        record_paid(d.reg, payment_id, day, f"记-{day.year}-{d.vouchers[day.year]:04d}")


# -- project applications -----------------------------------------------------------
PROJECT_PATH = ("registered", "qualified", "review", "proposed", "publicized", "approved",
                "paid_first", "accepted", "paid_final")


def _studio(name: str) -> tuple[str, str, bool, str, str, tuple[str, ...]]:
    return next(s for s in STUDIOS if s[0] == name)


def _project(d: Demo, year: int, studio: str, title: str, award_fen: int | None = None,
             **over: object) -> ProjectApplication:
    from boostdesk.rules.project import completion_limit

    rng = d.rng
    name, level, model, enterprise, leader, _ = _studio(studio)
    c = d.reg.campaign(year)
    tiers = c.tiers_for(level)
    requested = award_fen or rng.choice(tiers).amount_fen
    budget = requested * 2 + rng.randrange(0, 30) * WAN
    approval = date(c.approval_year, 1, 1) + timedelta(days=rng.randrange(300))
    months = rng.choice((12, 15, 18, 20, 24))
    completion = min(approval + timedelta(days=months * 30), completion_limit(c, approval))
    app = ProjectApplication(
        campaign_year=year, title=title, studio_name=name, studio_level=level,
        model_studio=model, leader=leader, unit_name=dict(ENTERPRISES)[enterprise],
        enterprise_name=enterprise, approval_date=approval, startup_funds_paid=True,
        planned_completion=completion, total_budget_fen=budget, requested_fen=requested,
        contact_name=person_name(rng, d.used_names), contact_phone=phone(rng),
        received_date=received_between(rng, c.issued_date + timedelta(days=3),
                                       c.submission_deadline),
        materials=all_materials(PROJECT_MATERIALS),
    )
    return replace(app, **over)  # type: ignore[arg-type]


def enter_earlier_projects(d: Demo) -> None:
    """2021: three awarded projects; one has not passed acceptance, so its studio is blocked."""
    year = EARLIER_YEAR
    for studio, title, amount, target in (
        ("李红兵劳模创新工作室", "转炉炼钢终点碳温预测模型开发", 100_000_00, "paid_final"),
        ("车辆保修技术创新工作室", "公交车辆底盘腐蚀防护工艺改进", 30_000_00, "accepted"),
        ("王海燕职工创新工作室", "偏瘫患者上肢康复辅具研制", 50_000_00, "paid_first"),
    ):
        _enter(d, _project(d, year, studio, title, amount, seq=None), target, award_fen=amount)
    # An award from before the register existed, accepted long ago, and one never accepted.
    d.reg.add_studio_award(StudioAward("张卫东职工创新工作室", 2019, "公交车辆电气故障诊断仪研制",
                                       50_000_00, True, date(2021, 6, 18)))
    d.reg.add_studio_award(StudioAward("通信网络优化创新工作室", 2020, "光缆普查数字化平台",
                                       30_000_00, False))


def enter_projects(d: Demo) -> None:
    """2022: ~40 applications from ~30 studios, at every stage, with a spread of refusals."""
    year = DEMO_YEAR
    seq = iter(range(1, 1000))
    sent: dict[str, int] = {}  # applications so far per studio
    c = d.reg.campaign(year)

    def add(studio: str, target: str, award_fen: int | None = None, reason: str = "",
            **over: object) -> int:
        title = _studio(studio)[5][sent.get(studio, 0)]
        sent[studio] = sent.get(studio, 0) + 1
        app = _project(d, year, studio, title, award_fen, seq=next(seq), **over)
        return _enter(d, app, target, reason, award_fen)

    tenk, fivek, threek = (t.amount_fen for t in c.tiers)
    # Awarded and on their way (one award per studio); a 5万 one's budget under 20万, so
    # the ranking's 10万 would break the 50 % cap (二（三）) and it is placed at 5万.
    add("李红兵劳模创新工作室", "accepted", tenk)
    add("张卫东职工创新工作室", "paid_final", tenk)
    add("刘志强劳模创新工作室", "paid_first", tenk)
    add("陈建国职工创新工作室", "paid_first", fivek, total_budget_fen=18 * WAN)
    add("孙丽华职工创新工作室", "approved", fivek, total_budget_fen=16 * WAN)
    add("数控加工技能大师工作室", "accepted", threek)
    add("智能检测职工创新工作室", "paid_first", threek)
    add("新材料应用职工创新工作室", "paid_first", threek)
    add("信息系统运维创新工作室", "approved", threek)
    add("轨道车辆检修创新工作室", "approved", threek)
    add("周明职工创新工作室", "publicized", fivek, total_budget_fen=19 * WAN)
    add("电驱系统职工创新工作室", "publicized", threek)
    add("精密装配职工创新工作室", "publicized", threek)
    add("马国庆职工创新工作室", "proposed", fivek, total_budget_fen=15 * WAN)
    add("生物制药工艺创新工作室", "proposed", threek)
    add("桥梁养护职工创新工作室", "proposed", threek)
    # Under expert review; two studios with two applications each (at most one award).
    add("郭晓峰职工创新工作室", "review")
    add("机电安装职工创新工作室", "review")
    add("公路养护机械创新工作室", "review")
    add("康复护理职工创新工作室", "review")
    add("公交驾驶安全创新工作室", "not_awarded", reason="专家评审得分未进入拟助推名单")
    add("特钢冶炼职工创新工作室", "not_awarded", reason="专家评审得分未进入拟助推名单")
    add("赵永刚职工创新工作室", "review")
    # A city studio asking 10万 on a 15万 budget: over the 50 % cap, a 5万 tier still fits.
    add("赵永刚职工创新工作室", "qualified", total_budget_fen=15 * WAN, requested_fen=tenk,
        remarks="申请金额超过项目总投入的50%，建议按5万元档评审")
    # Qualified, waiting for the panel; one of them was sent in late.
    add("道桥施工职工创新工作室", "qualified")
    add("智能制造实验教学创新工作室", "qualified", received_date=date(2022, 11, 4),
        remarks="逾期3天报送，经审核同意受理")
    # A studio sending three: the third is over the limit of two.
    add("精密仪器装调创新工作室", "qualified")
    add("精密仪器装调创新工作室", "registered")
    add("精密仪器装调创新工作室", "refused", reason="同一创新工作室申报不超过2项（方案二（二）2）")
    # Refusals, each for one reason.
    add("王海燕职工创新工作室", "refused",
        reason="工作室2021年度助推项目尚未结题验收（方案二（一））")
    add("通信网络优化创新工作室", "registered")
    add("热轧设备点检创新工作室", "refused", reason="项目于2021年立项（方案二（二）1）",
        approval_date=date(2021, 11, 20), planned_completion=date(2023, 6, 30))
    add("装配式建筑职工创新工作室", "refused", reason="企业尚未拨付启动资金（方案二（二）1）",
        startup_funds_paid=False)
    add("车辆保修技术创新工作室", "refused",
        reason="计划完成日期超出立项起两年（方案二（二）1）",
        approval_date=date(2022, 3, 5), planned_completion=date(2024, 3, 6))
    add("道桥施工职工创新工作室", "registered", approval_date=date(2022, 12, 1),
        planned_completion=date(2025, 3, 31))
    add("公交驾驶安全创新工作室", "refused",
        reason="工会助推资金超过项目总投入的50%（方案二（三））",
        total_budget_fen=5 * WAN, requested_fen=threek)
    # Facts not supplied yet (待补材料).
    add("公路养护机械创新工作室", "registered", planned_completion=None)
    add("康复护理职工创新工作室", "registered", startup_funds_paid=None)
    add("机电安装职工创新工作室", "registered", total_budget_fen=None)
    add("郭晓峰职工创新工作室", "registered",
        materials=all_materials(PROJECT_MATERIALS, "approval_doc", "startup_proof"))


def _reaches(e: Entry, stage: str) -> bool:
    """Whether the entry's target lies at or beyond ``stage`` on the main path."""
    if e.target == "not_awarded":
        return stage in ("qualified", "review")
    return e.target in PROJECT_PATH and PROJECT_PATH.index(e.target) >= PROJECT_PATH.index(stage)


def review_projects(d: Demo, year: int) -> None:
    """核准申报资格, then 专业评审 for those qualified."""
    for e in d.of(PROJECT, year):
        if e.target == "refused":
            d.reg.set_status(PROJECT, e.id, "refused", e.reason)
        elif _reaches(e, "qualified"):
            d.reg.set_status(PROJECT, e.id, "qualified")
    for e in d.of(PROJECT, year):
        if _reaches(e, "review"):
            d.reg.set_status(PROJECT, e.id, "review")


def propose_projects(d: Demo, year: int) -> None:
    """确定拟助推项目 from the review; the rest are not awarded."""
    for e in d.of(PROJECT, year):
        if e.target == "not_awarded":
            d.reg.set_status(PROJECT, e.id, "not_awarded", e.reason)
        elif _reaches(e, "proposed"):
            d.reg.set_status(PROJECT, e.id, "proposed")


def publicize_projects(d: Demo, year: int) -> None:
    for e in d.of(PROJECT, year):
        if _reaches(e, "publicized"):
            d.reg.set_status(PROJECT, e.id, "publicized")


def approve_projects(d: Demo, year: int) -> None:
    """公示无异议: the tier's award."""
    approved = [e for e in d.of(PROJECT, year) if _reaches(e, "approved")]
    for e in approved:
        d.reg.set_status(PROJECT, e.id, "approved", award_fen=e.award_fen,
                         approved_date=date(year, 12, 28))
    sync_plan(d.reg, year, [(PROJECT, e.id) for e in approved])  # by the approver


def accept_projects(d: Demo, year: int) -> None:
    """结题验收 by the federation and the enterprise, then the remaining tranche."""
    # an earlier year's project accepted in time for its studio's paper of the next year
    # (二（一）: accepted by that year's submission deadline)
    latest = (d.reg.campaign(year + 1).submission_deadline - timedelta(days=30)
              if year + 1 in d.reg.campaign_years() else date(year + 3, 1, 9))
    accepted = set()
    for e in d.of(PROJECT, year):
        if _reaches(e, "accepted"):
            app = d.reg.project(e.id)
            when = min(app.planned_completion or date(year + 2, 6, 30), date(year + 2, 12, 20))
            day = min(when + timedelta(days=20), latest)
            if day > demo_today():  # not yet, as of the day the demo is set on
                continue
            d.reg.set_status(PROJECT, e.id, "accepted", accepted_date=day)
            accepted.add(e.id)
    sync_plan(d.reg, year)  # acceptance dates the last tranche
    last = "SELECT MAX(tranche) FROM payments WHERE stream = ? AND application_id = ?"
    pay(d, [(PROJECT, e.id, d.reg.scalar(last, (PROJECT, e.id)))
            for e in d.of(PROJECT, year) if _reaches(e, "paid_final") and e.id in accepted])


# -- the whole demo -----------------------------------------------------------------
def _stages(d: Demo, year: int) -> None:
    """Every stage after entry, in the order the office works; a new stage is one more
    call here. The demo year's projects go through the panel's season
    (``demo_panel.Season``): its later batches are recorded once the first is paid."""
    reg, operator = d.reg, d.reg.operator
    try:
        reg.operator = REVIEW_OPERATOR
        review_patents(d, year)
        season = None
        if year == DEMO_YEAR:  # the panel's season, through its own write paths
            from boostdesk.demo_panel import Season

            season = Season(reg, d.of(PROJECT, year), d.days)
            approved = season.first()
            approve_patents(d, year)
            sync_plan(reg, year, [(PROJECT, app_id) for app_id in approved])  # by the approver
        else:
            review_projects(d, year)
            propose_projects(d, year)
            publicize_projects(d, year)
            approve_patents(d, year)
            approve_projects(d, year)
        reg.operator = FINANCE_OPERATOR
        pay_awards(d, year)
        reg.operator = REVIEW_OPERATOR
        accept_projects(d, year)
        if season is not None:
            season.rest()
    finally:
        reg.operator = operator


def fill_demo(reg: Register) -> None:
    """Fill ``reg`` with the demo: the 2021 and 2022 campaigns at every stage, then check them."""
    from boostdesk.rules import refresh

    d = Demo(reg, random.Random(SEED))
    operator = reg.operator
    with reg.transaction():
        mark = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
        try:
            reg.operator = ENTRY_OPERATOR
            add_campaigns(d)
            add_units(d)
            enter_earlier_patents(d)
            enter_earlier_projects(d)
        finally:
            reg.operator = operator
        _stages(d, EARLIER_YEAR)
        try:
            reg.operator = ENTRY_OPERATOR
            enter_patents(d)
            enter_projects(d)
        finally:
            reg.operator = operator
        _stages(d, DEMO_YEAR)
        refresh(reg, EARLIER_YEAR)
        refresh(reg, DEMO_YEAR)
        date_the_history(reg, since=mark, project_days=d.days)


# When each step of the office's year is taken (month, day of the campaign year); the
# others follow from the application's own dates and its payments. The projects approved in
# December were publicized in a batch before the one under way (demo_panel.PUBLICITY_START).
STEP_DAYS = {"qualified": (11, 10), "refused": (11, 10), "review": (11, 20),
             "proposed": (12, 8), "not_awarded": (12, 8)}
EARLIER_BATCH = (12, 12)


def date_the_history(reg: Register, since: int = 0,
                     project_days: dict[int, dict[str, date]] | None = None) -> None:
    """Give each application's status history and its audit events the days its steps
    would have been taken (received, reviewed, approved, paid, accepted) instead of the
    moment the demo was made, so that screens and printed sheets tell one story. Only the
    demo's own events (past ``since``): a register's earlier trail is never rewritten.
    ``project_days``: the days the panel's season made its projects' moves (demo_panel),
    in place of the steps' usual days."""
    from boostdesk.demo_panel import PUBLICITY_START

    later_batch = (PUBLICITY_START.month, PUBLICITY_START.day)
    for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
        accepted = "accepted_date" if stream == PROJECT else "NULL"
        apps = reg.query(
            f"SELECT a.id, c.year, a.received_date, a.approved_date, {accepted} AS accepted_date"
            f" FROM {table} a JOIN campaigns c ON c.id = a.campaign_id")
        for app in apps:
            paid = dict(reg.conn.execute(
                "SELECT tranche, MAX(paid_date) FROM payments WHERE stream = ?"
                " AND application_id = ? GROUP BY tranche", (stream, app["id"])).fetchall())
            days = {
                "registered": app["received_date"] or f"{app['year']}-10-25",
                "approved": app["approved_date"], "accepted": app["accepted_date"],
                "paid": paid.get(1), "paid_first": paid.get(1),
                "paid_final": paid[max(paid)] if paid else None,
                **{s: date(app["year"], m, d).isoformat() for s, (m, d) in STEP_DAYS.items()},
                "publicized": date(app["year"], *(EARLIER_BATCH if app["approved_date"]
                                                  else later_batch)).isoformat(),
            }
            if stream == PROJECT:
                days.update({s: d.isoformat()
                             for s, d in (project_days or {}).get(app["id"], {}).items()})
            _redate(reg, stream, table, app["id"], days, since)
    # each mark on the day it was paid; a payment's rows made (or re-planned) with the write
    # that made them owed, its approval or acceptance: at that write's time, the
    # application's event before them (dated above), never after the money went out
    reg.conn.execute(
        "UPDATE audit_events SET at = COALESCE("
        " json_extract(after, '$.paid_date') || 'T09:00:00',"
        " (SELECT s.at FROM payments p JOIN audit_events s ON s.entity = CASE p.stream"
        "  WHEN 'patent' THEN 'patent_applications' ELSE 'project_applications' END"
        "  AND s.entity_id = p.application_id AND s.id < audit_events.id"
        "  WHERE p.id = audit_events.entity_id ORDER BY s.id DESC LIMIT 1), at)"
        " WHERE entity = 'payments' AND id > ?", (since,))


def _redate(reg: Register, stream: str, table: str, app_id: int,
            days: dict[str, str | None], since: int = 0) -> None:
    """Each history row at its step's day (09:00, a minute after the one before when two
    fall on one day), then the application's audit events in step with the history."""
    history = reg.query("SELECT id, to_status FROM status_history WHERE stream = ?"
                        " AND application_id = ? ORDER BY id", (stream, app_id))
    at = datetime.min
    moments = []
    for row in history:
        day = days.get(row["to_status"])
        start = datetime.combine(date.fromisoformat(day), time(9)) if day else at
        at = max(start, at + timedelta(minutes=1))
        moments.append(at)
        reg.conn.execute("UPDATE status_history SET at = ? WHERE id = ?",
                         (at.isoformat(timespec="seconds"), row["id"]))
    events = reg.query("SELECT id, action FROM audit_events WHERE entity = ? AND entity_id = ?"
                       " AND id > ? ORDER BY id", (table, app_id, since))
    steps = iter(moments[1:])  # the first history row is the creation
    at = moments[0] if moments else datetime.min
    for event in events:
        if event["action"] == "status":
            at = max(next(steps, at), at)
        elif event["action"] != "create":
            at += timedelta(minutes=1)
        reg.conn.execute("UPDATE audit_events SET at = ? WHERE id = ?",
                         (at.isoformat(timespec="seconds"), event["id"]))
