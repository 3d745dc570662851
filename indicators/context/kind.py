"""Kind: target or actual, from the words around a figure and the section that holds it.

In: normalized text. Out: cue patterns and a section label ('plan', 'review', 'other').
"""
from __future__ import annotations

import regex

# 目标 announces a target only when it introduces one (目标是…, 目标为, 预期目标); 完成…目标 is a result
_TARGET_CUE = regex.compile(r"预期目标|(?<!完成|实现|超额完成|达到|超过|全面完成)(?:目标(?:是|为|[:：]|定为|要求|瞄准|锁定)"
                            r"|(?<!规划|省定|市定|既定|年度)目标(?=\d)|力争|力求|争取|确保|计划(?!单列)|控制在|奋斗目标"
                            r"|将(?=新增|实现|达到|完成|突破|增长|培育|引进|建成|新建|提高))")
_ESTIMATE = regex.compile(r"预计")
_LOOKS_BACK = regex.compile(r"过去|以来|取得|完成了|实现了|预计|累计|比[^,]{0,6}(?:增加|提高|增长)")
_SECTION = regex.compile(r"^(?:#+\s*)?[一二三四五六七八九十]+[、.]\s*(.{0,40})", regex.M)
_PLAN_SECTION = regex.compile(r"工作安排|工作任务|目标任务|总体要求|预期目标|主要任务|重点工作|工作建议")
_REVIEW_SECTION = regex.compile(r"回顾|成就|成绩|总结")


def _section_kind(heading: str) -> str:
    """'plan' or 'review' for a report's numbered heading; mixed headings decide nothing."""
    plan, review = _PLAN_SECTION.search(heading), _REVIEW_SECTION.search(heading)
    if plan and not review:
        return "plan"
    if review and not plan:
        return "review"
    return "other"
