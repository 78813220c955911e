"""Load on the production server (gunicorn through `cityorder serve`) on loopback, bounded in time and count.

    .venv/bin/python -m bench.load [--users 8] [--seconds 15] [--max-requests 3000] [--workers 2] [--threads 4]
                                   [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Sets up a fresh database (SQLite in a temporary folder unless --database-url names a PostgreSQL server, where a
database of its own is created and dropped), loads the demo, adds one analyst per simulated user, starts
`cityorder serve` with production settings (DEBUG off, the API throttle raised for the benchmark's users so it
measures the server, not the throttle), then for each scenario runs N concurrent users for a bounded time and number
of requests: the login page, three signed-in pages, two API lists, and an upload of a small demand file by a
customer. Prints requests per second, p50, p99 and errors per scenario. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
CAMPAIGN = "ekb-2026"
PAGES = ("/", "/demand/campaigns/", f"/demand/campaigns/{CAMPAIGN}/")
API_LISTS = ("/api/v1/campaigns/", "/api/v1/organizations/")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SETUP_USERS = """
from cityorder.accounts.models import User
from cityorder.accounts.roles import Role
from cityorder.demand import services
from cityorder.demand.models import Campaign
analyst = User.objects.get(username="analyst")
for i in range({users}):
    user, _ = User.objects.get_or_create(username=f"load{{i}}")
    user.role, user.organization = Role.ANALYST, analyst.organization
    user.set_password("load-password-{secret}")
    user.save()
hospital = User.objects.get(username="hospital")
services.submission_open(actor=hospital, campaign=Campaign.objects.get(code="{campaign}"))
"""


@dataclass
class Scenario:
    name: str
    request: Callable[[httpx.Client, int], httpx.Response]
    ok: tuple[int, ...] = (200,)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _server_env(var: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update({
        "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(48), "ALLOWED_HOSTS": HOST,
        "CITYORDER_VAR_DIR": str(var), "STATIC_ROOT": str(var / "static"), "MEDIA_ROOT": str(var / "media"),
        "CITYORDER_NODE_MODULES": str(ROOT / "node_modules"),
        # Plain HTTP on loopback: no TLS redirect or secure-only cookies.
        "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0", "SECURE_HSTS_PRELOAD": "false",
        "API_THROTTLE_USER": "1000000/minute", "TASKS_BACKEND": "database", "LOG_LEVEL": "ERROR",
    })
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _cityorder(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "cityorder.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def _wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    # collectstatic, the migrations check and gunicorn's preload took over a minute on the shared machine under a
    # load average of 13.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped at start-up with code {process.returncode}")
        try:
            if httpx.get(f"{base}/accounts/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer within {timeout:g} s")


def _signed_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    page = client.get("/accounts/login/")
    token = _CSRF.search(page.text)
    assert token, "no CSRF token on the login page"
    answer = client.post("/accounts/login/", data={"username": username, "password": password,
                                                    "csrfmiddlewaretoken": token.group(1)},
                         headers={"Referer": f"{base}/accounts/login/"})
    assert answer.status_code == 302, f"login of {username} failed: {answer.status_code}"
    return client


def _token_client(base: str, username: str, password: str) -> tuple[httpx.Client, int]:
    client = httpx.Client(base_url=base, timeout=30)
    token = client.post("/api/v1/auth/token/", data={"username": username, "password": password}).json()["token"]
    client.headers["Authorization"] = f"Token {token}"
    submissions = client.get("/api/v1/submissions/").json()["results"]
    return client, next(s["id"] for s in submissions if s["status"] in ("draft", "returned"))


def _upload(submission: int) -> Callable[[httpx.Client, int], httpx.Response]:
    def request(client: httpx.Client, n: int) -> httpx.Response:
        # Each upload differs in its bytes: the same file twice is refused as a duplicate, by design.
        body = f"Наименование;Обозначение;Кол-во\nМикросхема;КР142ЕН5А;{n + 1}\nРезистор 10 кОм;;{n + 2}\n"
        files = {"file": (f"load-{n}.csv", body.encode("utf-8"), "text/csv")}
        return client.post(f"/api/v1/submissions/{submission}/files/", files=files)
    return request


def _run(scenario: Scenario, clients: list[httpx.Client], seconds: float, max_requests: int) -> None:
    lock = threading.Lock()
    counter = iter(range(max_requests))
    deadline = time.monotonic() + seconds

    def user(client: httpx.Client) -> None:
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            start = time.perf_counter()
            try:
                ok = scenario.request(client, n).status_code in scenario.ok
            except httpx.HTTPError:
                ok = False
            took = time.perf_counter() - start
            with lock:
                scenario.latencies.append(took)
                scenario.errors += not ok

    threads = [threading.Thread(target=user, args=(client,)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    scenario.elapsed = time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=8, help="concurrent users")
    parser.add_argument("--seconds", type=float, default=15, help="longest time per scenario")
    parser.add_argument("--max-requests", type=int, default=3000, help="most requests per scenario")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; a database of its own is made and dropped")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cityorder-load-") as tmp:
        var = Path(tmp)
        database_url, drop = _database(args.database_url)
        env = _server_env(var, database_url)
        secret = secrets.token_hex(4)
        port = _free_port()
        base = f"http://{HOST}:{port}"
        server = None
        try:
            _cityorder(env, "setup")
            _cityorder(env, "load_demo")
            _cityorder(env, "shell", "-c", SETUP_USERS.format(users=args.users, secret=secret, campaign=CAMPAIGN))
            server = subprocess.Popen(
                [sys.executable, "-m", "cityorder.cli", "serve", "--host", HOST, "--port", str(port),
                 "--workers", str(args.workers), "--threads", str(args.threads), "--job-workers", "1"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            _wait_until_up(base, server)
            password = f"load-password-{secret}"
            sessions = [_signed_in(base, f"load{i}", password) for i in range(args.users)]
            customer, submission = _token_client(base, "hospital", "demo-customer-2026")
            anonymous = [httpx.Client(base_url=base, timeout=30) for _ in range(args.users)]
            scenarios = [Scenario("login page (anonymous)", lambda c, n: c.get("/accounts/login/"))]
            scenarios += [Scenario(f"page {p}", lambda c, n, p=p: c.get(p)) for p in PAGES]
            scenarios += [Scenario(f"API {p}", lambda c, n, p=p: c.get(p)) for p in API_LISTS]
            scenarios.append(Scenario("upload a demand file (API)", _upload(submission), ok=(201,)))
            for scenario in scenarios:
                if scenario.name.startswith("login"):
                    clients = anonymous
                elif scenario.name.startswith("upload"):
                    clients = [customer]
                else:
                    clients = sessions
                _run(scenario, clients, args.seconds, args.max_requests)
            _print(scenarios, args)
        finally:
            if server is not None and server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)
            if drop:
                drop()


def _database(url: str | None) -> tuple[str | None, Callable[[], None] | None]:
    if not url:
        return None, None
    import psycopg

    name = f"cityorder_load_{secrets.token_hex(3)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + f"/{name}", drop


def _print(scenarios: list[Scenario], args: argparse.Namespace) -> None:
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\ngunicorn -w {args.workers} --threads {args.threads}, {args.users} concurrent users, "
          f"≤ {args.seconds:g} s and ≤ {args.max_requests} requests per scenario ({database})")
    print(f"{'scenario':<40} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for s in scenarios:
        count = len(s.latencies)
        rps = count / s.elapsed if s.elapsed else 0.0
        p50 = statistics.median(s.latencies) * 1000 if count else 0.0
        p99 = _percentile(s.latencies, 0.99) * 1000 if count else 0.0
        print(f"{s.name:<40} {count:>8} {rps:>8.1f} {p50:>8.1f} {p99:>8.1f} {s.errors:>7}")


if __name__ == "__main__":
    main()
