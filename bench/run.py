"""`make bench`: the province page, the overview, /healthz and a trivial route under load.

Builds a synthetic rollout (50 provinces, 40 activities, 5 years of recorded progress) in a
fresh database made by the migrations, serves the app with gunicorn (2 workers, production
settings) on a loopback port, and drives it with wrk from a second process. Prints requests/s
and p95 latency per route, and each route's throughput as a share of the trivial one's.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVINCES, ACTIVITIES, YEARS = 50, 40, 5
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
PASSWORD = secrets.token_urlsafe(16)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> None:
    """Schema by migrations, then the synthetic data and a lead to sign in with."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    script = f"""
from bench import synthetic
from rollout.auth.models import Role
from rollout.auth.services import NewUser, create_user
from rollout.extensions import db
from wsgi import app
with app.app_context():
    synthetic.build(db.session, provinces={PROVINCES}, activities={ACTIVITIES}, years={YEARS})
    create_user(db.session, NewUser("bench@example.org", Role.LEAD), password="{PASSWORD}")
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie(base: str) -> str:
    """Sign in through the real form; the cookie is marked Secure, so we read it ourselves."""
    opener = urllib.request.build_opener(NoRedirect)
    with opener.open(base + "/login") as response:
        page = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
    ).encode()
    request = urllib.request.Request(base + "/login", data=data, headers={"Cookie": cookie})
    try:
        opener.open(request)
    except urllib.error.HTTPError as redirect:  # the 302 after signing in
        if redirect.code != 302:
            raise
        return redirect.headers["Set-Cookie"].split(";")[0]
    raise SystemExit("sign-in failed")


def measure(url: str, cookie: str | None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        "-s",
        str(ROOT / "bench/report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    result = json.loads(output.split("RESULT ", 1)[1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench does this)")
    workdir = Path(tempfile.mkdtemp(prefix="pp-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.db'}"),
        "PYTHONPATH": str(ROOT),
    }
    print(
        f"Preparing {PROVINCES} provinces x {ACTIVITIES} activities, {YEARS} years ...", flush=True
    )
    prepare(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz")
        cookie = session_cookie(base)
        routes = [
            ("trivial (/robots.txt)", "/robots.txt", None),
            ("/healthz", "/healthz", None),
            ("province page", "/provinces/synthetisch-provincie-7?ronde=synthetisch", cookie),
            ("overview (50 provinces)", "/provinces?ronde=synthetisch", cookie),
        ]
        results = {}
        for name, path, with_cookie in routes:
            request = urllib.request.Request(base + path, headers={"Cookie": with_cookie or ""})
            with urllib.request.urlopen(request) as response:
                size = len(response.read())
                assert response.status == 200, (path, response.status)
            results[name] = measure(base + path, with_cookie)
            results[name]["bytes"] = size
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    trivial = results[routes[0][0]]["rps"]
    print(
        f"\nwrk, {DURATION}, {CONNECTIONS} connections, gunicorn 2 workers, {os.cpu_count()} cores"
    )
    header = ("route", "req/s", "p95 ms", "p50 ms", "vs trivial", "errors", "bytes")
    print("{:<26}{:>9}{:>9}{:>9}{:>12}{:>8}{:>9}".format(*header))
    for name, r in results.items():
        print(
            f"{name:<26}{r['rps']:>9.1f}{r['p95_ms']:>9.1f}{r['p50_ms']:>9.1f}"
            f"{r['rps'] / trivial:>11.1%}{r['errors'] + r['non_2xx']:>8}{r['bytes']:>9}"
        )


if __name__ == "__main__":
    main()
