"""Dashboard wording in Chinese and English: one table, looked up by a stable key.

>>> t("view.trend", "zh"), t("view.trend", "en")
('趋势', 'Trend')
>>> t("empty.filter", "en", n=3)[:19]
'No records for this'
"""
from __future__ import annotations

LANG_LABELS = {"zh": "中文", "en": "English"}

_T: dict[str, tuple[str, str]] = {
    "app.title": ("湖南经济指标", "Hunan economic indicators"),
    "app.caption": ("数据全部摘自已收录的公开文件，每个数字都可追溯到原文。",
                    "Every figure is extracted from a published document and links to its "
                    "source passage."),
    "app.building": ("首次运行：正在从 seeds/ 建立数据库…", "First run: building the store from "
                     "seeds/…"),
    "app.built": ("已从 seeds/ 建立数据库：{summary}", "Built the store from seeds/: {summary}"),
    "app.no_store": ("数据库为空，也无法从 seeds/ 建立：{error}", "The store is empty and could "
                     "not be built from seeds/: {error}"),
    "app.footer": ("共 {records} 条记录，来自 {docs} 份文件；数据库更新于 {updated}。",
                   "{records} records from {docs} documents; store updated {updated}."),
    # sidebar
    "side.filters": ("筛选", "Filters"),
    "side.lang": ("语言", "Language"),
    "side.city": ("市州 / 省 / 全国", "City, province or nation"),
    "side.city.placeholder": ("全部市州与湖南省", "All 14 cities and Hunan"),
    "side.city.help": ("不选即为14个市州加湖南省；选一个市州后可在下面选其区县。",
                       "Leave empty for all 14 cities plus Hunan; pick a city to list its "
                       "counties below."),
    "side.county": ("区县", "Counties and districts"),
    "side.county.placeholder": ("可选：加入区县", "Optional: add counties"),
    "side.indicator": ("指标", "Indicator"),
    "side.indicator.help": ("按类别分组；可输入中文或英文名称搜索。",
                            "Grouped by family; type a Chinese or English name to search."),
    "side.years": ("年份", "Years"),
    "side.kind": ("类型", "Kind"),
    "side.link": ("当前筛选已写入网址，复制地址栏即可分享此视图。",
                  "The filters are in the URL: copy the address bar to share this view."),
    # kinds, qualifiers
    "kind.both": ("目标与实际", "Both"),
    "kind.target": ("目标", "Target"),
    "kind.actual": ("实际", "Actual"),
    "q.exact": ("", ""),
    "q.approx": ("左右", "approx."),
    "q.at_least": ("以上", "at least"),
    "q.over": ("超过", "over"),
    "q.nearly": ("接近", "nearly"),
    "q.at_most": ("以内", "at most"),
    # views
    "view.label": ("视图", "View"),
    "view.trend": ("趋势", "Trend"),
    "view.compare": ("比较", "Compare"),
    "view.targets": ("目标与完成", "Targets vs results"),
    "view.map": ("地图", "Map"),
    "view.table": ("数据表", "Table"),
    "view.sources": ("来源", "Sources"),
    "view.add": ("添加文件", "Add pages"),
    "view.year": ("年份", "Year"),
    # chart text
    "chart.target_suffix": ("（目标）", " (target)"),
    "chart.year": ("年份", "Year"),
    "chart.rank_title": ("{year}年{indicator}{kind}排名", "{indicator}, {year} {kind}: ranking"),
    "chart.trend_title": ("{indicator}：实际（实线）与目标（虚线）",
                          "{indicator}: actual (solid) and target (dashed)"),
    "chart.targets_title": ("{indicator}：目标与完成", "{indicator}: target and result"),
    "chart.map_title": ("{year}年{indicator}{kind}", "{indicator}, {year} {kind}"),
    "chart.sources": ("来源 {n} 份", "{n} source(s)"),
    "chart.conflict": ("数值冲突：另有 {others}", "Conflicting values: also {others}"),
    "chart.no_data": ("无数据", "no data"),
    "chart.met": ("达成", "met"),
    "chart.missed": ("未达成", "missed"),
    "chart.pending": ("待公布", "no result yet"),
    "chart.gap": ("差距", "gap"),
    "chart.partial_note": ("另有 {n} 条分期或规划期数据未画出（见数据表）。",
                           "{n} figures for part of a year or a plan period are not plotted "
                           "(see Table)."),
    "chart.kind_note": ("显示的是{kind}数。", "Showing {kind} figures."),
    # empty states
    "empty.filter": ("当前筛选下没有记录。试试放宽年份、加入更多地区，或把类型改为“目标与实际”。",
                     "No records for this filter. Try a wider year range, more regions, or "
                     "kind “Both”."),
    "empty.where": ("有“{indicator}”记录的地区：{regions}（可在侧栏“区县”或“市州”中加入）。",
                    "Regions with “{indicator}” records: {regions} (add them in the sidebar)."),
    "empty.view": ("这个视图需要的数据在当前筛选下没有：{what}",
                   "This view has nothing to show for the current filter: {what}"),
    "empty.targets": ("所选地区和年份没有目标数据。", "no targets for these regions and years."),
    "empty.year": ("该年没有数据。", "no figures for that year."),
    "empty.store": ("数据库里还没有记录。请在“添加文件”中上传页面，或运行 `indicators build`。",
                    "The store holds no records yet. Add pages in “Add pages” or run "
                    "`indicators build`."),
    "map.scope_cities": ("湖南14个市州", "Hunan's 14 cities"),
    "map.scope_counties": ("{city}各区县", "Counties of {city}"),
    "map.other_regions": ("{n} 个不在地图范围内的地区未显示：{names}",
                          "{n} regions outside the map are not shown: {names}"),
    # table and provenance
    "table.pick": ("点选一行查看原文出处。", "Select a row to see its source passage."),
    "table.truncated": ("表格仅显示前 {n} 行，下载文件包含全部 {total} 行。",
                        "Showing the first {n} rows; downloads hold all {total}."),
    "table.passage": ("原文出处", "Source passage"),
    "table.meta": ("文件 {doc} · 发布日期 {date} · 规则 {rule} · 位置 {start}–{end}",
                   "Document {doc} · published {date} · rule {rule} · offsets {start}–{end}"),
    "table.other_sources": ("同一数值的其他来源：{docs}",
                            "Other sources of the same figure: {docs}"),
    "table.conflict": ("注意：同一指标另有不同数值 {values}，均保留未覆盖。",
                       "Note: the same figure is also reported as {values}; both are kept."),
    "col.region": ("地区", "Region"),
    "col.indicator": ("指标", "Indicator"),
    "col.year": ("年份", "Year"),
    "col.period": ("时期", "Period"),
    "col.kind": ("类型", "Kind"),
    "col.value": ("数值", "Value"),
    "col.number": ("数值（基本单位）", "Value (base unit)"),
    "col.unit": ("单位", "Unit"),
    "col.qualifier": ("限定", "Qualifier"),
    "col.subject": ("对象", "Subject"),
    "col.document": ("文件", "Document"),
    "col.date": ("发布日期", "Published"),
    "col.quote": ("原文", "Quote"),
    "col.rule": ("规则", "Rule"),
    "col.sources": ("来源数", "Sources"),
    "col.conflict": ("冲突", "Conflict"),
    "col.rank": ("名次", "Rank"),
    "col.target": ("目标", "Target"),
    "col.actual": ("实际", "Result"),
    "col.gap": ("差距", "Gap"),
    "col.status": ("是否达成", "Met?"),
    "col.home_region": ("所属地区", "About"),
    "col.records": ("记录数", "Records"),
    "col.regions": ("涉及地区", "Regions"),
    "col.added": ("收录时间", "Added"),
    "col.origin": ("来源路径", "Origin"),
    "col.latest": ("最新发布日期", "Latest publication"),
    "col.n_documents": ("文件数", "Documents"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # sources
    "sources.documents": ("已收录文件", "Documents loaded"),
    "sources.freshness": ("各地区最新数据日期", "Freshest date per region"),
    # downloads
    "dl.csv": ("下载 CSV", "Download CSV"),
    "dl.xlsx": ("下载 Excel", "Download Excel"),
    "dl.png_hint": ("图表右上角的相机图标可下载 PNG 图片。",
                    "Use the camera icon above the chart to download it as PNG."),
    "xlsx.data": ("数据", "Data"),
    "xlsx.sources": ("来源", "Sources"),
    "xlsx.notes": ("说明", "Notes"),
    "notes.filters": ("筛选条件", "Filters"),
    "notes.built": ("数据库更新时间", "Store updated"),
    "notes.exported": ("导出时间", "Exported"),
    "notes.rows": ("行数", "Rows"),
    "notes.citation": ("引用", "Citation"),
    "notes.units": ("单位说明", "Units"),
    "notes.units_text": ("“数值”列按显示单位换算；“数值（基本单位）”列为元、人、吨、家或百分点。",
                         "“Value” is in display units; “Value (base unit)” is in yuan, persons, "
                         "tonnes, count or percent points."),
    "citation": ("湖南经济指标数据库（摘自公开文件），"
                 "{regions}·{indicator}·{years}，导出于 {date}。",
                 "Hunan economic indicators (extracted from published documents), {regions}, "
                 "{indicator}, {years}; exported {date}."),
    "all_regions": ("湖南", "Hunan"),
    "n_regions": ("{first}等{n}地", "{first} and others ({n} regions)"),
    # adding pages
    "add.intro": ("上传一个或多个 .txt 文件，或直接粘贴文字。先预览提取结果，确认后才写入数据库。",
                  "Upload one or more .txt files or paste text. Records are previewed and "
                  "only added when you confirm."),
    "add.files": ("上传 .txt 文件", "Upload .txt files"),
    "add.paste": ("或粘贴文字", "Or paste text"),
    "add.paste_name": ("粘贴文字的名称", "Name for the pasted text"),
    "add.date": ("发布日期（可选，用于解析“今年”“去年”）",
                 "Publication date (optional; resolves 今年/去年)"),
    "add.use_date": ("指定发布日期", "Set a publication date"),
    "add.preview": ("提取并预览", "Extract and preview"),
    "add.confirm": ("确认添加到数据库", "Add to the store"),
    "add.nothing": ("请先上传文件或粘贴文字。", "Upload a file or paste some text first."),
    "add.unreadable": ("无法读取：{message}。这批文件没有写入数据库，请移除或更换该文件。",
                       "Cannot read: {message}. Nothing was added; remove or replace that "
                       "file."),
    "add.preview_head": ("{doc}：{n} 条记录（另有 {rejects} 条候选未通过校验）{state}",
                         "{doc}: {n} records ({rejects} candidates failed validation){state}"),
    "add.state_new": ("", ""),
    "add.state_same": ("，与已收录版本相同", ", identical to the stored version"),
    "add.state_replace": ("，将替换已收录的同名文件", ", will replace the stored file of that "
                          "name"),
    "add.done": ("已写入数据库：{summary}", "Added to the store: {summary}"),
    "add.failed": ("写入失败，数据库未改变：{error}", "Could not add; the store is unchanged: "
                   "{error}"),
}


def t(key: str, lang: str = "zh", **kwargs: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``kwargs``."""
    zh, en = _T[key]
    text = en if lang == "en" else zh
    return text.format(**kwargs) if kwargs else text


def keys() -> list[str]:
    """All message keys (tests check both languages are filled in)."""
    return list(_T)
