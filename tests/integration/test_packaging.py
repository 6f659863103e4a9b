"""The wheel carries the templates, migrations and static files, and create_app finds them there."""
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    [built] = out.glob("factcheck-*.whl")
    return built


def test_wheel_contains_templates_migrations_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("factcheck/templates/base.html", "factcheck/templates/auth/login.html",
                     "factcheck/migrations/env.py", "factcheck/migrations/versions/0001_initial_schema.py",
                     "factcheck/static/style.css"):
        assert expected in names


def test_installed_wheel_serves_the_login_page(wheel, tmp_path):
    """Unpacked alone on sys.path (no checkout, no editable install), the app renders its templates."""
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); sys.path.append(sys.argv[2])\n"
        "from factcheck import create_app, migrate\n"
        "app = create_app({'TESTING': True, 'INSTANCE_PATH': sys.argv[3]})\n"
        "assert app.template_folder.startswith(sys.argv[1]), app.template_folder\n"
        "migrate.upgrade(app.extensions['factcheck.engine'])\n"
        "page = app.test_client().get('/login')\n"
        "print(page.status_code, 'Log in' in page.text)\n"
    )
    result = subprocess.run([sys.executable, "-S", "-c", script, str(target), sysconfig.get_paths()["purelib"],
                             str(tmp_path / "instance")], capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.strip() == "200 True", result.stderr
