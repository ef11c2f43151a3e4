"""Every user-facing string of every addon ships in Simplified Chinese."""

import pathlib
import re

import polib
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = sorted(path.parent.name for path in ROOT.glob("*/__manifest__.py"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_is_complete(addon):
    """zh_CN.po translates every term of the addon's .pot, keeping the placeholders."""
    pot = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
    po = polib.pofile(str(ROOT / addon / "i18n" / "zh_CN.po"))
    translated = {entry.msgid: entry.msgstr for entry in po if not entry.obsolete}
    missing = [entry.msgid for entry in pot if not translated.get(entry.msgid)]
    assert not missing, f"{len(missing)} untranslated terms in {addon}, e.g. {missing[:5]}"
    for msgid, msgstr in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
