"""Dashboard wording in Chinese and English: one table, looked up by a stable key.

>>> t("view.trend", "zh"), t("view.trend", "en")
('趋势', 'Trend')
>>> t("empty.filter", "en", n=3)[:19]
'No records for this'
"""
from __future__ import annotations

from indicators.dashboard.i18n_review import REVIEW

LANG_LABELS = {"zh": "中文", "en": "English"}

_T: dict[str, tuple[str, str]] = {
    "app.title": ('湖南经济指标', 'Hunan economic indicators'),
    "app.caption": ('数据全部摘自已收录的公开文件，每个数字都可追溯到原文。',
                    'Every figure is extracted from a published document and links to its source '
                    'passage.'),
    "app.building": ('首次运行：正在从随附的公开文件建立数据库…',
                     'First run: building the store from the bundled public documents…'),
    "app.built": ('已从随附的公开文件建立数据库。',
                  'Built the store from the bundled public documents.'),
    "app.no_store": ('数据库为空，且无法从随附文件建立。请联系管理员查看服务器日志。',
                     'The store is empty and could not be built from the bundled documents. Ask t'
                     'he administrator to check the server log.'),
    "app.footer": ('共 {records} 条记录，来自 {docs} 份文件；数据库更新于 {updated}。',
                   '{records} records from {docs} documents; store updated {updated}.'),
    # sidebar
    "side.filters": ('筛选', 'Filters'),
    "side.lang": ('语言', 'Language'),
    "side.city": ('市州 / 省 / 全国', 'City, province or nation'),
    "side.city.placeholder": ('全部市州与湖南省', 'All 14 cities and Hunan'),
    "side.city.help": ('不选即为14个市州加湖南省；选一个市州后可在下面选其区县。',
                       'Leave empty for all 14 cities plus Hunan; pick a city to list its countie'
                       's below.'),
    "side.county": ('区县', 'Counties and districts'),
    "side.county.placeholder": ('可选：加入区县', 'Optional: add counties'),
    "side.indicator": ('指标', 'Indicator'),
    "side.indicator.help": ('按类别分组；可输入中文或英文名称搜索。',
                            'Grouped by family; type a Chinese or English name to search.'),
    "side.years": ('年份', 'Years'),
    "side.kind": ('类型', 'Kind'),
    "side.link": ('当前筛选已写入网址，复制地址栏即可分享此视图。',
                  'The filters are in the URL: copy the address bar to share this view.'),
    # kinds, qualifiers
    "kind.both": ('目标与实际', 'Both'),
    "kind.target": ('目标', 'Target'),
    "kind.actual": ('实际', 'Actual'),
    "q.exact": ('', ''),
    "q.approx": ('左右', 'approx.'),
    "q.at_least": ('以上', 'at least'),
    "q.over": ('超过', 'over'),
    "q.nearly": ('接近', 'nearly'),
    "q.at_most": ('以内', 'at most'),
    # views
    "view.label": ('视图', 'View'),
    "view.trend": ('趋势', 'Trend'),
    "view.compare": ('比较', 'Compare'),
    "view.targets": ('目标与完成', 'Targets vs results'),
    "view.map": ('地图', 'Map'),
    "view.table": ('数据表', 'Table'),
    "view.sources": ('来源', 'Sources'),
    "view.add": ('添加文件', 'Add pages'),
    "view.year": ('年份', 'Year'),
    # chart text
    "chart.target_suffix": ('（目标）', ' (target)'),
    "chart.year": ('年份', 'Year'),
    "chart.rank_title": ('{year}年{indicator}{kind}排名', '{indicator}, {year} {kind}: ranking'),
    "chart.trend_title": ('{indicator}：实际（实线）与目标（虚线）',
                          '{indicator}: actual (solid) and target (dashed)'),
    "chart.targets_title": ('{indicator}：目标与完成', '{indicator}: target and result'),
    "chart.map_title": ('{year}年{indicator}{kind}', '{indicator}, {year} {kind}'),
    "chart.sources": ('来源 {n} 份', '{n} source(s)'),
    "chart.conflict": ('数值冲突：另有 {others}', 'Conflicting values: also {others}'),
    "chart.no_data": ('无数据', 'no data'),
    "chart.met": ('达成', 'met'),
    "chart.missed": ('未达成', 'missed'),
    "chart.pending": ('待公布', 'no result yet'),
    "chart.gap": ('差距', 'gap'),
    "chart.partial_note": ('另有 {n} 条分期或规划期数据未画出（见数据表）。',
                           '{n} figures for part of a year or a plan period are not plotted (see '
                           'Table).'),
    "chart.kind_note": ('显示的是{kind}数。', 'Showing {kind} figures.'),
    # empty states
    "empty.filter": ('当前筛选下没有记录。试试放宽年份、加入更多地区，或把类型改为“目标与实际”。',
                     'No records for this filter. Try a wider year range, more regions, or kind “'
                     'Both”.'),
    "empty.where": ('有“{indicator}”记录的地区：{regions}（可在侧栏“区县”或“市州”中加入）。',
                    'Regions with “{indicator}” records: {regions} (add them in the sidebar).'),
    "empty.view": ('这个视图需要的数据在当前筛选下没有：{what}',
                   'This view has nothing to show for the current filter: {what}'),
    "empty.targets": ('所选地区和年份没有目标数据。', 'no targets for these regions and years.'),
    "empty.year": ('该年没有数据。', 'no figures for that year.'),
    "empty.store": ('数据库里还没有记录。请在“添加文件”中上传页面，或运行 `indicators build`。',
                    'The store holds no records yet. Add pages in “Add pages” or run `indicators '
                    'build`.'),
    "map.scope_cities": ('湖南14个市州', "Hunan's 14 cities"),
    "map.scope_counties": ('{city}各区县', 'Counties of {city}'),
    "map.other_regions": ('{n} 个不在地图范围内的地区未显示：{names}',
                          '{n} regions outside the map are not shown: {names}'),
    # table and provenance
    "table.pick": ('点选一行查看原文出处。', 'Select a row to see its source passage.'),
    "table.truncated": ('表格仅显示前 {n} 行，下载文件包含全部 {total} 行。',
                        'Showing the first {n} rows; downloads hold all {total}.'),
    "table.passage": ('原文出处', 'Source passage'),
    "table.meta": ('规则 {rule} · 位置 {start}–{end}', 'rule {rule} · offsets {start}–{end}'),
    "table.other_sources": ('同一数值的其他来源：{docs}',
                            'Other sources of the same figure: {docs}'),
    "table.conflict": ('注意：同一指标另有不同数值 {values}，均保留未覆盖。',
                       'Note: the same figure is also reported as {values}; both are kept.'),
    "col.region": ('地区', 'Region'),
    "col.indicator": ('指标', 'Indicator'),
    "col.year": ('年份', 'Year'),
    "col.period": ('时期', 'Period'),
    "col.kind": ('类型', 'Kind'),
    "col.value": ('数值', 'Value'),
    "col.number": ('数值（基本单位）', 'Value (base unit)'),
    "col.unit": ('单位', 'Unit'),
    "col.qualifier": ('限定', 'Qualifier'),
    "col.subject": ('对象', 'Subject'),
    "col.document": ('文件', 'Document'),
    "col.date": ('发布日期', 'Published'),
    "col.quote": ('原文', 'Quote'),
    "col.rule": ('规则', 'Rule'),
    "col.sources": ('来源数', 'Sources'),
    "col.conflict": ('冲突', 'Conflict'),
    "col.rank": ('位次', 'Rank'),
    "col.target": ('目标', 'Target'),
    "col.actual": ('实际', 'Result'),
    "col.gap": ('差距', 'Gap'),
    "col.status": ('是否达成', 'Met?'),
    "col.home_region": ('所属地区', 'About'),
    "col.records": ('记录数', 'Records'),
    "col.regions": ('涉及地区', 'Regions'),
    "col.added": ('收录时间', 'Added'),
    "col.origin": ('来源路径', 'Origin'),
    "col.latest": ('最新发布日期', 'Latest publication'),
    "col.n_documents": ('文件数', 'Documents'),
    "yes": ('是', 'yes'),
    "no": ('否', 'no'),
    # sources
    "sources.documents": ('已收录文件', 'Documents loaded'),
    "sources.freshness": ('各地区最新数据日期', 'Freshest date per region'),
    # downloads
    "dl.csv": ('下载 CSV', 'Download CSV'),
    "dl.xlsx": ('下载 Excel', 'Download Excel'),
    "dl.png_hint": ('图表下方的“下载图表”按此格式保存图片（含标题、来源、日期和网址）。',
                    'The “Download chart” button under a chart saves it in this format, with '
                    'title, source, date and URL.'),
    "dl.chart": ('下载图表（{fmt}）', 'Download chart ({fmt})'),
    "xlsx.data": ('数据', 'Data'),
    "xlsx.sources": ('来源', 'Sources'),
    "xlsx.notes": ('说明', 'Notes'),
    "notes.filters": ('筛选条件', 'Filters'),
    "notes.built": ('数据库更新时间', 'Store updated'),
    "notes.exported": ('导出时间', 'Exported'),
    "notes.rows": ('行数', 'Rows'),
    "notes.citation": ('引用', 'Citation'),
    "notes.units": ('单位说明', 'Units'),
    "notes.units_text": ('“数值”列按显示单位换算；“数值（基本单位）”列为元、人、吨、家或百分点。',
                         '“Value” is in display units; “Value (base unit)” is in yuan, persons, t'
                         'onnes, count or percent points.'),
    "citation": ('湖南经济指标数据库（摘自公开文件），{regions}·全部指标·{years}，导出于 {date}。'
                 '各行来源见“引用”列与“来源”表。',
                 'Hunan economic indicators (extracted from published documents), {regions}, all '
                 "indicators, {years}; exported {date}. Each row's source is in the Citation colu"
                 'mn and the Sources sheet.'),
    "all_regions": ('湖南', 'Hunan'),
    "n_regions": ('{first}等{n}地', '{first} and others ({n} regions)'),
    # adding pages
    "add.intro": ('上传一个或多个文件（.txt、PDF、Word .docx、保存的网页 .html），或直接粘贴文字。'
                  '预览会显示推断的发布日期和所属地区及其依据，可修改后重新提取；确认后才写入数据库。',
                  'Upload one or more files (.txt, PDF, Word .docx, saved web pages .html) or '
                  'paste text. The preview shows the publication'
                  ' date and home region inferred and where from; correct them and re-extract if '
                  'needed. Nothing is added until you confirm.'),
    "add.files": ('上传文件（拖放或点击“Browse files”选择）',
                  'Upload files (drop them here or click “Browse files”)'),
    "add.paste": ('或粘贴文字', 'Or paste text'),
    "add.paste_name": ('粘贴文字的名称', 'Name for the pasted text'),
    "add.date": ('发布日期', 'Publication date'),
    "add.use_date": ('指定发布日期', 'Set a publication date'),
    "add.preview": ('提取并预览', 'Extract and preview'),
    "add.confirm": ('确认添加到数据库', 'Add to the store'),
    "add.nothing": ('请先上传文件或粘贴文字。', 'Upload a file or paste some text first.'),
    "add.unreadable": ('无法读取：{message}。这批文件没有写入数据库，请移除或更换该文件。',
                       'Cannot read: {message}. Nothing was added; remove or replace that file.'),
    "add.preview_head": ('{doc}：{n} 条记录（另有 {rejects} 条候选未通过校验）{state}',
                         '{doc}: {n} records ({rejects} candidates failed validation){state}'),
    "add.done": ('已写入数据库：新增 {added} 份、替换 {replaced} 份、相同 {unchanged} 份文件，共 '
                 '{records} 条记录。',
                 'Added to the store: {added} new, {replaced} replaced, {unchanged} unchanged doc'
                 'uments; {records} records.'),
    "add.failed": ('写入失败，数据库未改变。请稍后再试。',
                   'Could not add; the store is unchanged. Please try again shortly.'),
    "app.busy": ('数据库正忙或暂时无法读取（可能正在写入新文件），请稍后刷新页面。',
                 'The store is busy or cannot be read right now (new documents may be being added'
                 '). Please reload the page in a moment.'),
    "view.profile": ('地区概览', 'Region profile'),
    "view.other": ('其他数据', 'Other figures'),
    "trend.all_cities": ('显示全部14个市州', 'Show all 14 cities'),
    "trend.cities_head": ('14个市州最新一年', 'The 14 cities, latest year'),
    "trend.cities_more": ('虚线为全省数值。“比较”视图可选年份、查看来源并保存图表。',
                          'The dashed mark is the province. The Compare view picks the year, '
                          'shows sources and saves the chart.'),
    "trend.no_cities": ('14个市州都没有“{indicator}”数据。',
                        'None of the 14 cities has “{indicator}” figures.'),
    "profile.head": ('{region}主要指标一览', '{region}: main indicators'),
    "profile.first_only": ('概览只显示一个地区：{region}（侧栏所选的第一个）。',
                           'The profile shows one region: {region} (the first picked in the sideb'
                           'ar).'),
    "profile.none": ('{region}没有核心指标数据。', 'No core-indicator figures for {region}.'),
    "profile.caption": ('{year}年；位次为在14个市州中的排名（增速或总量，高者在前；CPI、失业率低'
                        '者在前）；差距为与全省之差。点选一行查看原文。',
                        '{year}; rank among the 14 cities (growth or level, highest first; lowest'
                        ' first for CPI and unemployment); gap to the province. Select a row to s'
                        'ee the quotes.'),
    "col.level": ('总量', 'Level'),
    "col.growth": ('增速', 'Growth'),
    "col.province": ('全省', 'Province'),
    "col.issuer": ('发布机关', 'Issued by'),
    "col.url": ('网址', 'URL'),
    "col.doc_type": ('文件类型', 'Type'),
    "col.licence": ('版权状态', 'Licence'),
    "col.citation": ('引用', 'Citation'),
    "col.doc_id": ('库内名称', 'Store name'),
    "col.title": ('文件', 'Document'),
    "col.chosen": ('采用', 'Used'),
    "col.evidence": ('年份依据', 'Year evidence'),
    "col.shown_number": ('数值（显示单位）', 'Value (display unit)'),
    "col.shown_unit": ('显示单位', 'Display unit'),
    "unit.pp": ('个百分点', ' pp'),
    "doctype.report": ('政府工作报告', 'Work report'),
    "doctype.bulletin": ('统计公报', 'Statistical bulletin'),
    "doctype.plan": ('规划/计划', 'Plan'),
    "doctype.news": ('新闻', 'News'),
    "doctype.other": ('其他', 'Other'),
    "chart.rank_label": ('第{rank}位 {name}', '#{rank} {name}'),
    "chart.province_line": ('湖南省 {value}', 'Hunan {value}'),
    "chart.source_line": ('{cite}{more} · 湖南经济指标数据库 · 导出于 {date}',
                          '{cite}{more} · Hunan economic indicators · exported {date}'),
    "chart.source_more": ('等{n}份文件', ' and {n} documents in all'),
    "chart.source_none": ('湖南经济指标数据库 · 导出于 {date}',
                          'Hunan economic indicators · exported {date}'),
    "map.no_data": ('当前筛选下没有数据：{scope}没有“{indicator}”的数字。',
                    'No data for this filter: {scope} has no “{indicator}” figures.'),
    "map.missing": ('{total}个地区中有{n}个没有数据（浅灰）：{names}',
                    '{n} of {total} areas have no data (light grey): {names}'),
    "table.chosen": ('采用', 'used'),
    "table.overruled": ('被覆盖', 'overruled'),
    "table.conflict_rule": ('来源不一致：按规则采用（最终核实优先于初步核算，统计公报优先于工作报'
                            '告和规划，再优先于新闻；其次较新发布者优先）。被覆盖的数值及原文：',
                            'Sources disagree. Resolved by rule (final over preliminary figures; '
                            'a statistical bulletin over a work report or plan, those over news; '
                            'then the later publication). Overruled values and their quotes:'),
    "table.overruled_value": ('被覆盖：{value}', 'Overruled: {value}'),
    "other.note": ('“其他数据”为目录外的数字（产值、金额、人数等），按原文对象列出，默认不进入图'
                   '表。',
                   '“Other figures” are numbers outside the indicator catalogue (output values, a'
                   'mounts, head counts), listed with their subject; they never enter the charts.'),
    "sources.licence_note": ('国家机关的官方文件不受著作权法保护（《著作权法》第五条）；新闻报道'
                             '版权归原报社。',
                             'Official documents of state organs are not protected by copyright i'
                             'n the PRC (Copyright Law art. 5); news articles belong to their new'
                             'spapers.'),
    "dl.image_format": ('图片格式', 'Image format'),
    "dl.all_indicators": ('全部指标', 'all-indicators'),
    "dl.scope": ('下载包含当前地区、年份和类型下的全部指标（不止图中一个），含显示单位和基本单位'
                 '两列数值及引用。',
                 'Downloads hold every indicator for the current regions, years and kind (not onl'
                 'y the one charted), with values in display and base units and a citation for ea'
                 'ch row.'),
    "add.region": ('所属地区', 'Home region'),
    "add.reextract": ('按修改重新提取', 'Re-extract with these'),
    "add.inferred_date": ('发布日期：{date}（{why}）', 'Publication date: {date} ({why})'),
    "add.inferred_region": ('所属地区：{region}（{why}）', 'Home region: {region} ({why})'),
    "add.from_user": ('由您指定', 'set by you'),
    "add.from_text": ('推断自：{evidence}', 'inferred from: {evidence}'),
    "add.from_none": ('未能推断', 'could not be inferred'),
    "add.needs_date": ('这页文字里找不到发布日期，无法判断“今年”“去年”指哪一年。请填写发布日期并'
                       '重新提取后再添加。',
                       'No publication date could be found in this page, so 今年 and 去年 cannot '
                       'be read. Enter the date and re-extract before adding.'),
}


_T.update(REVIEW)


def t(key: str, lang: str = "zh", **kwargs: object) -> str:
    """The text for ``key`` in ``lang``, formatted with ``kwargs``."""
    zh, en = _T[key]
    text = en if lang == "en" else zh
    return text.format(**kwargs) if kwargs else text


def keys() -> list[str]:
    """All message keys (tests check both languages are filled in)."""
    return list(_T)
