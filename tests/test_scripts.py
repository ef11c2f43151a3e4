"""The Odoo tree the scripts find or fetch (scripts/_env.sh check_odoo), without Odoo.

Each test sources scripts/_env.sh in a bash of its own, with the shared tree
(``SG_ODOO_SYSTEM_PATH``, /opt/odoo by default) and the project's cache (``SG_ODOO_CACHE``)
pointed into a temporary folder, and the official repository replaced by a local one (or by
a closed port on the loopback: no network), so nothing leaves the machine.
"""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Nothing listens on port 1: the connection is refused at once, as offline.
UNREACHABLE = "http://127.0.0.1:1/odoo/odoo.git"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="the fetch needs git")


def check_odoo(tmp_path, odoo_path=None, git_url=UNREACHABLE):
    """Run check_odoo; return (exit code, stdout, stderr lines)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ODOO_PATH")}
    env.update(
        SG_ODOO_SYSTEM_PATH=str(tmp_path / "no-shared-tree"),
        SG_ODOO_CACHE=str(tmp_path / "cache" / "odoo"),
        SG_ODOO_GIT_URL=git_url,
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    if odoo_path:
        env["ODOO_PATH"] = str(odoo_path)
    script = f'source "{ROOT}/scripts/_env.sh"; check_odoo; echo "ODOO_PATH=$ODOO_PATH"'
    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    return result.returncode, result.stdout, result.stderr.splitlines()


def fake_tree(path, version_info="(19, 0, 0, FINAL, 0, '')"):
    """The two files check_odoo looks at: an executable odoo-bin and odoo/release.py."""
    (path / "odoo").mkdir(parents=True)
    (path / "odoo" / "release.py").write_text(
        "RELEASE_LEVELS = [ALPHA, BETA, RELEASE_CANDIDATE, FINAL] = "
        "['alpha', 'beta', 'candidate', 'final']\n"
        f"version_info = {version_info}\n"
    )
    odoo_bin = path / "odoo-bin"
    odoo_bin.write_text("#!/bin/sh\n")
    odoo_bin.chmod(0o755)
    return path


def fake_repository(path, version_info):
    """A git repository with a 19.0 branch holding a fake tree, served as file://."""
    fake_tree(path, version_info)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(path)]
    subprocess.run([*git, "init", "-q", "-b", "19.0"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "tree"], check=True)
    return path.as_uri()


def test_offline_stops_with_one_line(tmp_path):
    """No tree and no network: exit 2 with one line saying what to run, nothing half-made."""
    code, stdout, stderr = check_odoo(tmp_path)
    assert code == 2
    assert stdout == ""
    assert len(stderr) == 1, stderr
    assert stderr[0].startswith("error: no Odoo 19.0 tree found")
    assert "git clone --depth 1 -b 19.0" in stderr[0]
    assert str(tmp_path / "cache" / "odoo") in stderr[0]
    assert "ODOO_PATH" in stderr[0]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["odoo-fetch.log"]


def test_fetches_the_19_branch_into_the_cache(tmp_path):
    """No tree but a reachable repository: the 19.0 branch is cloned into the cache, used."""
    url = fake_repository(tmp_path / "upstream", "(19, 0, 0, FINAL, 0, '')")
    code, stdout, stderr = check_odoo(tmp_path, git_url=url)
    cache = tmp_path / "cache" / "odoo"
    assert code == 0, stderr
    assert stdout.strip() == f"ODOO_PATH={cache}"
    assert (cache / "odoo-bin").exists()
    # the second run finds the cache and fetches nothing
    code, stdout, stderr = check_odoo(tmp_path, git_url=UNREACHABLE)
    assert (code, stdout.strip(), stderr) == (0, f"ODOO_PATH={cache}", [])


def test_fetched_tree_of_another_version_is_refused(tmp_path):
    """A fetched tree whose release.py says 18.0 is refused and not kept."""
    url = fake_repository(tmp_path / "upstream", "(18, 0, 0, FINAL, 0, '')")
    code, stdout, stderr = check_odoo(tmp_path, git_url=url)
    assert code == 2
    assert stdout == ""
    assert stderr[-1].startswith("error: the branch 19.0 of")
    assert "holds Odoo 18.0, not 19.0" in stderr[-1]
    assert not (tmp_path / "cache" / "odoo").exists()
    assert not list((tmp_path / "cache").glob("odoo.tmp.*"))


@pytest.mark.parametrize(
    ("version_info", "found"),
    [
        ("(18, 0, 0, FINAL, 0, '')", "18.0"),
        ("('saas~18', 4, 0, FINAL, 0, '')", "saas~18.4"),
        ("(19, 1, 0, ALPHA, 1, '')", "19.1"),
    ],
)
def test_given_tree_of_another_version_is_refused(tmp_path, version_info, found):
    """ODOO_PATH pointing to another version: refused with the version found, no fetch."""
    tree = fake_tree(tmp_path / "odoo", version_info)
    code, stdout, stderr = check_odoo(tmp_path, odoo_path=tree)
    assert code == 2
    assert stdout == ""
    assert stderr == [
        f"error: the Odoo tree at {tree} is version {found}, not 19.0: point ODOO_PATH to a "
        f"19.0 tree (git clone --depth 1 -b 19.0 {UNREACHABLE})."
    ]
    assert not (tmp_path / "cache").exists()


def test_given_tree_of_19_is_used(tmp_path):
    """ODOO_PATH pointing to a 19.0 tree is used as it is."""
    tree = fake_tree(tmp_path / "odoo")
    code, stdout, stderr = check_odoo(tmp_path, odoo_path=tree)
    assert (code, stdout.strip(), stderr) == (0, f"ODOO_PATH={tree}", [])


def test_given_path_without_tree_is_not_fetched_into(tmp_path):
    """ODOO_PATH set to a folder without Odoo: one line, and nothing is fetched there."""
    code, _stdout, stderr = check_odoo(tmp_path, odoo_path=tmp_path / "empty")
    assert code == 2
    assert len(stderr) == 1
    assert stderr[0].startswith(f"error: no Odoo source tree at ODOO_PATH={tmp_path / 'empty'}")
    assert not (tmp_path / "empty").exists()
    assert not (tmp_path / "cache").exists()


def test_shared_tree_is_preferred_to_the_cache(tmp_path):
    """Without ODOO_PATH, a 19.0 tree at the shared place (/opt/odoo) is used, none fetched."""
    fake_tree(tmp_path / "no-shared-tree")
    code, stdout, stderr = check_odoo(tmp_path)
    assert (code, stdout.strip(), stderr) == (0, f"ODOO_PATH={tmp_path / 'no-shared-tree'}", [])
