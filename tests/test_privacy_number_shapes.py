"""mask_log_text (the log's and the messages' masker) left a mobile written in full-width
digits, 1393 333 4444, 139－3333－4444 (full-width hyphen), 139 3333  4444 (two blanks), and
a card written with dots, whole (the second privacy officer's finding 2). Dates, amounts,
patent numbers, 登记号 and years must stay as written."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.safety.privacy import mask_log_text, mask_message, mask_mobiles, mask_text

FW = str.maketrans("0123456789", "０１２３４５６７８９")


def _digits(text: str) -> str:
    return "".join(ch for ch in text.translate({0xFF10 + i: str(i) for i in range(10)})
                   if ch.isascii() and ch.isdigit())


def test_the_officer_s_shapes_are_masked():
    for written, masked in [
        ("１３９３３３３４４４４", "１３９****４４４４"),
        ("1393 333 4444", "139* *** 4444"),
        ("139－3333－4444", "139－****－4444"),
        ("139 3333  4444", "139 ****  4444"),
        ("139—3333—4444", "139—****—4444"),
        ("139．3333．4444", "139．****．4444"),
        ("139\u30003333\u30004444", "139\u3000****\u30004444"),
    ]:
        assert mask_log_text(f"联系电话{written}。") == f"联系电话{masked}。"
    assert mask_log_text("卡号 6214.8888.8888.8882.223") == "卡号 6214 **** **** *** 2223"
    assert mask_log_text("卡号 6214．8888．8888．8882") == "卡号 6214 **** **** 8882"
    assert mask_log_text("卡号６２１４８８８８８８８８８８８２") == "卡号6214 **** **** 8882"
    assert mask_text("身份证 110105.19491231.0021") == "身份证 110105********0021"
    assert mask_text("身份证 110105 1949 1231 002X") == "身份证 110105********002X"
    # the date beside a number is no card: 2022-10-17 13911112222 was masked as one
    assert mask_log_text("2022-10-17 13911112222") == "2022-10-17 139****2222"


_mobile = st.builds(lambda a, b, c: f"1{a}{b:01d}{c:08d}", st.sampled_from("3456789"),
                    st.integers(0, 9), st.integers(0, 99_999_999))
_sep = st.sampled_from(["", " ", "  ", "-", "－", "—", ".", "．", "\u3000", " - "])


@given(_mobile, _sep, _sep, st.booleans(), st.sampled_from(["电话", "：", "联系 ", "（", ""]),
       st.sampled_from(["。", "）", "，", " 张三", ""]), st.booleans())
@settings(max_examples=300, deadline=None)
def test_a_mobile_however_written_loses_its_middle_digits(number, s1, s2, wide, before, after,
                                                          four_three):
    # 1393 333 4444 with both marks (4 and 3 digits run together would be an amount's)
    first, mid, last = ((number[:4], number[4:7], number[7:]) if four_three and s1 and s2
                        else (number[:3], number[3:7], number[7:]))
    written = f"{first}{s1}{mid}{s2}{last}"
    if wide:
        written = written.translate(FW)
    for masker in (mask_log_text, mask_message, mask_mobiles):
        shown = masker(f"{before}{written}{after}")
        assert number not in _digits(shown), shown
        assert shown.count("*") == 4
        assert shown.startswith(before) and shown.endswith(after)


_date = st.dates(min_value=date(1900, 1, 1)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.strftime("%Y.%m.%d"), d.strftime("%Y年%m月%d日"),
                               d.strftime("%Y%m%d"), d.strftime("%Y/%m/%d")]))
_amount = st.integers(0, 10**10).flatmap(lambda fen: st.sampled_from([
    f"¥{fen // 100:,}.{fen % 100:02d}", f"{fen // 100}.{fen % 100:02d}", f"{fen // 100} 元",
    f"{fen // 100:,}.{fen % 100:02d} 元"]))
_patent = st.builds(lambda y, k, n: f"{y}{k}{n:07d}", st.integers(1985, 2030),
                    st.sampled_from("12389"), st.integers(0, 9_999_999)).flatmap(
    lambda base: st.sampled_from([f"ZL{base}.{sum(map(int, base)) % 10}",
                                  f"{base}{sum(map(int, base)) % 10}", f"{base}.X",
                                  f"CN{base}.{sum(map(int, base)) % 10}"]))
_ref = st.builds(lambda s, n: f"{s}{n}", st.sampled_from(["专利", "项目"]), st.integers(1, 99999))
_year = st.integers(1949, 2099).map(lambda y: st.sampled_from([str(y), f"{y} 年度", f"{y}年"])
                                    ).flatmap(lambda s: s)
_piece = st.one_of(_date, _amount, _patent, _ref, _year)
_glue = st.sampled_from([" ", "，", "；", "、", "：", " — ", "\n", "（", "）"])


@given(st.lists(st.tuples(_piece, _glue), min_size=1, max_size=5))
@settings(max_examples=400, deadline=None)
def test_dates_amounts_patent_numbers_refs_and_years_are_kept(pieces):
    text = "".join(p + g for p, g in pieces)
    for masker in (mask_text, mask_log_text, mask_message, mask_mobiles):
        assert masker(text) == text


def test_the_pane_s_history_and_remarks_show_a_card_grouped_as_everywhere():
    """show_value (the pane's change history, messages) and 备注 showed 6214***********2223
    while the documents, the trail and the pane's card show 6214 **** **** *** 2223."""
    from boostdesk.labels import show_value

    assert show_value("card_number", "6214888888888882223") == "6214 **** **** *** 2223"
    assert show_value("remarks", "原卡号 6214888888888882223 已挂失") == (
        "原卡号 6214 **** **** *** 2223 已挂失")
