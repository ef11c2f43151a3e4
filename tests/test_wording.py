"""One Chinese word for one action across the addons: what a card says, the form says too."""

import pathlib
import re

import polib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = sorted(path.parent.name for path in ROOT.glob("*/__manifest__.py"))
# msgid: the one translation every addon gives it.
ONE_WORD = {
    "Reject": "驳回",
    "Rejected": "已驳回",
    "Mark as Reviewed": "标记为已审阅",
    "Close Complaint": "结案",
}
# Our demo data's models without a chatter.
NO_CHATTER = {
    "sales.kpi.template",
    "sales.expense.budget.line",
    "sales.qualification.type",
    "sales.qualification.renewal",
}
# Words the same actions must not be called by.
OTHER_WORDS = re.compile("已审核|标记为已审核")


@pytest.mark.parametrize("addon", ADDONS)
def test_one_word_per_action(addon):
    """Reject is 驳回, review is 审阅, closing a complaint is 结案, in every addon."""
    for folder in ("i18n", "i18n_extra"):
        path = ROOT / addon / folder / "zh_CN.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            expected = ONE_WORD.get(entry.msgid)
            if expected:
                assert entry.msgstr == expected, (addon, entry.msgid, entry.msgstr)
            assert not OTHER_WORDS.search(entry.msgstr), (addon, entry.msgid, entry.msgstr)


def test_demo_records_log_no_english_creation():
    """Demo records of documents with a chatter are loaded without the automatic "created"
    log: it would name the document in English (the addon's translations load after its
    demo data)."""
    for path in ROOT.glob("*/demo/*.xml"):
        for match in re.finditer(r'<record [^>]*model="(sales\.[\w.]+)"[^>]*>', path.read_text()):
            if match.group(1) in NO_CHATTER:
                continue
            assert "mail_create_nolog" in match.group(0), (path.name, match.group(0))
