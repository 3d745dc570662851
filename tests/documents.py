"""Real-looking documents for the format and hostile-input tests, written at test time.

Nothing here is a checked-in binary: PDFs are written by fpdf2 with the system's Noto Sans
CJK font (Debian's fonts-noto-cjk, which .ci/run installs), Word files by python-docx, web
pages as the HTML a Chinese news site serves (header navigation, breadcrumbs, scripts, styles,
a sidebar of other headlines, share buttons and a footer around the article).
"""
from __future__ import annotations

import html
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "pages" / "dev"
_FONT_PATHS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc")
_SC = 2  # the Simplified Chinese face of the collection


def cjk_font() -> str:
    """The Noto Sans CJK collection, or skip (the PDF tests need a font with Chinese)."""
    for p in _FONT_PATHS:
        if Path(p).is_file():
            return p
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],
                               capture_output=True, text=True, check=False).stdout
        if "NotoSansCJK" in found and Path(found).is_file():
            return found
    pytest.skip("fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)")


_PAGES = {"A4": (210, 297), "A5": (148, 210)}


def pdf_bytes(text: str, *, title: str | None = None, page: str = "A4",
              user_password: str | None = None, owner_password: str | None = None,
              page_numbers: bool = False) -> bytes:
    """A PDF with a text layer: one paragraph per line of ``text``, wrapped to the page;
    with ``page_numbers``, a footer "- N -" on every page as Chinese official documents have."""
    from fpdf import FPDF

    class Paged(FPDF):
        def footer(self) -> None:
            if page_numbers:
                self.set_y(-12)
                self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Paged(format=_PAGES[page])
    pdf.add_font("noto", fname=cjk_font(), collection_font_number=_SC)
    pdf.set_font("noto", size=10.5)
    if title:
        pdf.set_title(title)
    if owner_password or user_password:
        pdf.set_encryption(owner_password=owner_password or user_password,
                           user_password=user_password)
    pdf.add_page()
    for para in text.split("\n"):
        pdf.multi_cell(0, 6, para, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf_bytes(text: str) -> bytes:
    """A scanned-style PDF: the page is a picture of the text, with no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(cjk_font(), 28, index=_SC)
    for i, line in enumerate(text.split("\n")[:40]):
        draw.text((100, 100 + i * 40), line[:40], fill=0, font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=210)
    return bytes(pdf.output())


def docx_bytes(text: str, *, title: str | None = None,
               table: list[list[str]] | None = None) -> bytes:
    """A Word document: a heading, one paragraph per line of ``text``, then a table."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for line in text.split("\n"):
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def docx_bomb_bytes(unpacked_mb: int = 300) -> bytes:
    """A real Word document whose main part inflates to ``unpacked_mb`` MB of one repeated
    run: a few hundred KB on disk (the sizes it declares are honest)."""
    good = docx_bytes("地区生产总值增长5.5%。")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
                continue
            xml = src.read(info).decode("utf-8")
            head, tail = xml.split("<w:body>")
            with dst.open("word/document.xml", "w", force_zip64=True) as f:
                f.write((head + "<w:body>").encode())
                chunk = b"<w:p><w:r><w:t>" + b"0" * (1 << 20) + b"</w:t></w:r></w:p>"
                for _ in range(unpacked_mb):
                    f.write(chunk)
                f.write(tail.encode())
    return out.getvalue()


NAV = ("首页", "株洲新闻", "时政", "经济", "社会", "专题", "图片", "视频", "评论")
SIDEBAR = ("长沙市地区生产总值增长8%", "岳阳市地区生产总值突破5000亿元",
           "衡阳市规模以上工业增加值增长9.9%")
# figures that are on the page but not in the article: none may become a record
DECOYS = ("地区生产总值增长99%", "财政收入增长77%")


def news_page(title: str, paragraphs: list[str], *, date: str = "2026-02-09 08:30",
              site: str = "株洲新闻网", charset: str = "utf-8") -> str:
    """A saved news page as a Chinese newspaper site serves it."""
    nav = " | ".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(NAV))
    side = "".join(f'<li><a href="/a/{i}.html">{html.escape(t)}</a></li>'
                   for i, t in enumerate(SIDEBAR))
    body = "\n".join(f"<p>　　{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_{site}</title>
<meta name="keywords" content="株洲,新闻">
<style>body{{font:14px/1.6 "Microsoft YaHei"}} .nav a{{color:#333}}
.hot:before{{content:"{DECOYS[1]}"}}</style>
<script>var _hmt = _hmt || []; var note = "{DECOYS[0]}"; document.write(note);</script>
<script src="/js/jquery.min.js"></script>
</head><body>
<div class="top"><div class="nav">{nav}</div>
<div class="search"><input placeholder="搜索"></div></div>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt;
<a href="/zz/">株洲新闻</a> &gt; 正文</div>
<div class="wrap"><div class="main"><div class="article">
<h1>{html.escape(title)}</h1>
<div class="info"><span class="time">{date}</span> <span>来源：株洲日报</span>
<span>作者：李逸峰</span></div>
<div class="content" id="content">
{body}
</div>
<div class="editor">【责任编辑：王芳】</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
</div></div>
<div class="side"><h3>热点新闻</h3><ul class="hot">{side}</ul></div></div>
<div class="footer"><p>Copyright © 2026 {site} 版权所有 湘ICP备12345678号</p>
<script>(function(){{var s=document.createElement("script");
s.src="//stat.example/s.js";}})();</script></div>
</body></html>
"""


def layout_table_page(title: str, paragraphs: list[str], table: list[list[str]],
                      date: str = "2023-04-07 14:22:07") -> str:
    """A page as older county and bureau sites set it: the whole page in layout tables (a
    bar of links, a side menu, the article cell, a footer), a data table in the article."""
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in table)
    half = len(paragraphs) // 2
    paras = ["<p style='text-indent:2em'>" + html.escape(p) + "</p>" for p in paragraphs]
    article = ("".join(paras[:half]) + f"<p>表1 主要指标</p><table border=1>{rows}</table>"
               + "".join(paras[half:]))
    links = " | ".join(f"<a href=/{i}/>{n}</a>" for i, n in enumerate(NAV))
    return f"""<html><head><meta charset=utf-8><title>{html.escape(title)}</title></head>
<body><table width=980 align=center><tr><td>{links}</td></tr></table>
<table width=980 align=center><tr><td width=200 valign=top><ul><li><a href=/1>统计法规</a></li>
<li><a href=/2>统计标准</a></li></ul></td>
<td valign=top><div align=center><b>{html.escape(title)}</b></div>
<div>时间：{date} 来源：长沙市统计局</div>{article}</td></tr></table>
<table width=980><tr><td>主办：长沙市统计局</td></tr></table></body></html>"""
