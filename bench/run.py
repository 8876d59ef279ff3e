"""`make bench`: the app's pages under load, each against a "fortunes" baseline.

Builds a synthetic rollout (50 provinces, 40 activities, 5 years of recorded progress, with
applicants, decisions and teams) in a fresh database made by the migrations: SQLite, or the
PostgreSQL database of `BENCH_DATABASE_URL` (emptied first). Serves the TechEmpower-style fortunes
app (bench/fortunes.py) and the app side by side with the same gunicorn (2 workers each,
production settings) on loopback ports, and drives each route with wrk from a second process,
signed in and asking for compressed responses as a browser does. Prints per route requests/s,
p50 and p95 latency and the throughput as a multiple of the fortunes baseline's run just before
it (both apps are served at once, so that each route is compared under the load of its own
moment), and the workers' memory after the runs.
"""

import gzip
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
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import brotli
from sqlalchemy import create_engine, make_url

from bench import fortunes

ROOT = Path(__file__).resolve().parent.parent
PROVINCES, ACTIVITIES, YEARS = 50, 40, 5
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
WORKERS = 2
PASSWORD = secrets.token_urlsafe(16)
#: What a browser sends with every request for a page.
ACCEPT_ENCODING = "gzip, deflate, br"
ROUND = "synthetisch"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_postgres(url: str) -> None:
    """The bench makes its schema from nothing: whatever an earlier run left goes."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def prepare(env: dict) -> None:
    """Schema by migrations, then the synthetic data, a lead to sign in with, and the fortunes."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        empty_postgres(fortunes.database_url_of(url))
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    script = f"""
from bench import fortunes, synthetic
from rollout.auth.models import Role
from rollout.auth.services import NewUser, create_user
from rollout.extensions import db
from wsgi import app
with app.app_context():
    rollout = synthetic.build(
        db.session, provinces={PROVINCES}, activities={ACTIVITIES}, years={YEARS}, slug="{ROUND}"
    )
    synthetic.populate(db.session, rollout)
    create_user(db.session, NewUser("bench@example.org", Role.LEAD), password="{PASSWORD}")
    db.session.commit()
fortunes.create_table(fortunes.database_url())
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # not listening yet, or still starting
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


@contextmanager
def gunicorn(app: str, port: int, env: dict):
    """The app served as in production: gunicorn, WORKERS workers, on a loopback port."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)


def workers_rss_kb(master: int) -> list[int]:
    """VmRSS of each child of the gunicorn master, from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:  # the process ended meanwhile
            continue
        if int(fields["PPid"]) == master and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]))
    return sorted(sizes)


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


DECODERS = {
    "": lambda body: body,
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
    "br": brotli.decompress,
}


def fetch(url: str, cookie: str | None) -> tuple[str, int, str]:
    """One request as wrk will send it: the page's text, its size on the wire, its encoding."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.build_opener(NoRedirect).open(request) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
    return DECODERS[encoding](body).decode(), len(body), encoding


def measure(url: str, cookie: str | None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}",
        "--timeout",
        "30s",  # a slow page counts in the latencies, not as an error (wrk's default is 2 s)
        "-s",
        str(ROOT / "bench/report.lua"),
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    result = json.loads(output.split("RESULT ", 1)[1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


@dataclass(frozen=True)
class Route:
    name: str
    path: str
    signed_in: bool
    #: Text the page shows when the synthetic data reached it (checked once before the run).
    shows: str = ""


ROUTES = [
    Route("trivial (/robots.txt)", "/robots.txt", True, "User-agent"),
    Route("/healthz", "/healthz", False),
    Route("province page", f"/provinces/{ROUND}-provincie-7?ronde={ROUND}", True, "Provincie 7"),
    Route(f"overview ({PROVINCES} prov.)", f"/provinces?ronde={ROUND}", True, "Provincie 49"),
    Route("/teams", f"/teams?ronde={ROUND}", True, "Provincie 49"),
    Route("/matching", f"/matching?ronde={ROUND}", True, "Provincie 49"),
    Route("/aanmeldingen", f"/aanmeldingen?ronde={ROUND}", True, "Voorziening 1 (Provincie 49)"),
]
BASELINE = "fortunes (baseline)"


def run_route(base: str, route: Route, cookie: str | None) -> dict:
    url = base + route.path
    text, size, encoding = fetch(url, cookie if route.signed_in else None)
    if route.shows not in text:
        raise SystemExit(f"{route.path} does not show {route.shows!r}: is the data there?")
    result = measure(url, cookie if route.signed_in else None)
    return {**result, "bytes": size, "encoding": encoding or "-"}


def table(results: dict[str, dict], baseline: str = BASELINE) -> list[str]:
    """The report: one line per route, its throughput as a multiple of the baseline's (of the
    baseline's run just before it, `reference_rps`, where the route has one)."""
    reference = results[baseline]["rps"]
    lines = [
        "{:<26}{:>9}{:>9}{:>9}{:>11}{:>8}{:>9}{:>6}".format(
            "route", "req/s", "p50 ms", "p95 ms", "×fortunes", "errors", "bytes", "enc"
        )
    ]
    for name, r in results.items():
        lines.append(
            f"{name:<26}{r['rps']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
            f"{r['rps'] / r.get('reference_rps', reference):>10.3f}×"
            f"{r['errors'] + r['non_2xx']:>8}{r['bytes']:>9}"
            f"{r['encoding']:>6}"
        )
    return lines


def baseline_of(runs: list[dict]) -> dict:
    """The baseline's line: its runs (one before each route) together, the median latencies."""
    middle = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
    return {
        **middle,
        "rps": sum(r["rps"] for r in runs) / len(runs),
        "errors": sum(r["errors"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
    }


def rss_line(label: str, sizes_kb: list[int]) -> str:
    shown = ", ".join(f"{kb / 1024:.0f} MB" for kb in sizes_kb) or "?"
    return f"{label}: {shown}"


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench does this)")
    workdir = Path(tempfile.mkdtemp(prefix="pp-bench-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "BASE_URL": "http://127.0.0.1",
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    kind = make_url(fortunes.database_url_of(url)).get_backend_name()
    print(
        f"Preparing {PROVINCES} provinces x {ACTIVITIES} activities, {YEARS} years on {kind} ...",
        flush=True,
    )
    results: dict[str, dict] = {}
    try:
        prepare(env)
        ports = free_port(), free_port()
        baseline_url, base = (f"http://127.0.0.1:{port}" for port in ports)
        baseline_route = Route(BASELINE, "/fortunes", False, "Additional fortune")
        # both served at once (an idle server costs nothing): the baseline is measured again
        # just before each route, so that a route is compared with the load of its own moment
        with (
            gunicorn("bench.fortunes:create_app()", ports[0], env) as baseline_server,
            gunicorn("wsgi:app", ports[1], env) as server,
        ):
            wait_for(baseline_url + "/fortunes")
            wait_for(base + "/healthz")
            cookie = session_cookie(base)
            runs = []
            for route in ROUTES:
                runs.append(run_route(baseline_url, baseline_route, None))
                results[route.name] = {
                    **run_route(base, route, cookie),
                    "reference_rps": runs[-1]["rps"],
                }
            results = {BASELINE: baseline_of(runs), **results}
            fortunes_rss = workers_rss_kb(baseline_server.pid)
            app_rss = workers_rss_kb(server.pid)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"\nwrk {DURATION}, {CONNECTIONS} connections, Accept-Encoding: {ACCEPT_ENCODING}; "
        f"gunicorn {WORKERS} workers; {kind}; {os.cpu_count()} cores, load average {load}"
    )
    print("\n".join(table(results)))
    print("\nWorkers' RSS after the runs (VmRSS)")
    print(rss_line("  app", app_rss))
    print(rss_line("  fortunes", fortunes_rss))


if __name__ == "__main__":
    main()
