"""Requests per second of the registry's pages against a bare Django view, under gunicorn.

Starts a bare Django view (benchmarks/bare_app.py) and the registry side by side, each under
gunicorn with 2 sync workers on 127.0.0.1, loads each with `wrk` for a fixed time, and prints
requests/s and the ratio to the bare view, for the six pages of issue 8, in two runs:

- uncached: the registry with `DJANGO_PAGE_CACHE=0` (every request renders the page);
- cached: `DJANGO_PAGE_CACHE` unset (the page cache, where the build has one, answers).

`DJANGO_RATE_LIMIT=0` is set for both, so rate limits do not throttle the load generator. Each
page is loaded right after the bare view, `--rounds` times, and the round with the median
ratio is printed: the machine's speed drifts from minute to minute (by a third on this 2-core
machine), so a ratio is only ever to the bare view of the same moment. Goals: uncached >= 1/8,
cached >= 1/2 of the bare view.

    .venv/bin/python benchmarks/throughput.py                      # SQLite db.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cica .venv/bin/python \\
        benchmarks/throughput.py --duration 5 --rounds 3 --connections 8

The database must hold the fixtures (`manage.py migrate && manage.py loaddata cica`). Needs
`wrk` (Debian: `apt-get install wrk`). Only 127.0.0.1 is ever loaded.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
PAGES = [
    "/events/",
    "/events/?kind=summit",
    "/states/kazakhstan/",
    "/measures/",
    "/statements/?q=terrorism",
    "/search/?q=Almaty",
]
GOALS = {"uncached": 1 / 8, "cached": 1 / 2}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(app: str, port: int, env: dict, chdir: Path) -> subprocess.Popen:
    """gunicorn with 2 workers on 127.0.0.1:port; its own options win over gunicorn.conf.py."""
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        app,
        "--chdir", str(chdir),
        "--bind", f"127.0.0.1:{port}",
        "--workers", "2",
        "--worker-class", "sync",
        "--log-level", "warning",
        "--access-logfile", "/dev/null",
        "--max-requests", "0",
        "--timeout", "60",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=chdir, start_new_session=True)
    wait_until_up(f"http://127.0.0.1:{port}/", process)
    return process


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} before answering {url}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers (a 404 is an answer)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Stop the gunicorn master we started (it stops its own workers)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def check_page(url: str) -> None:
    """Fail early, with the reason, if a page does not answer 200."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code}; load the fixtures first?") from error


def requests_per_second(url: str, args) -> float:
    """wrk's requests/s for `url`, after a short warm-up."""
    assert url.startswith("http://127.0.0.1:"), url  # never load anything but this machine
    base = [args.wrk, "-t", str(args.threads), "-c", str(args.connections)]
    subprocess.run([*base, "-d", "1s", url], capture_output=True, check=True)
    output = subprocess.run(
        [*base, "-d", f"{args.duration}s", url], capture_output=True, text=True, check=True
    ).stdout
    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failures:
        raise SystemExit(f"{url}: {failures.group(1)} responses were not 2xx/3xx:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def registry_env(cached: bool) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cica_site.settings",
        "DJANGO_DEBUG": "",
        "DJANGO_NO_SSL_REDIRECT": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_RATE_LIMIT": "0",
    }
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    env.pop("DJANGO_PAGE_CACHE", None)
    if not cached:
        env["DJANGO_PAGE_CACHE"] = "0"
    return env


def paired(page_url: str, bare_url: str, args) -> tuple[float, float, float]:
    """(ratio, page req/s, bare view req/s) of the median of `--rounds` rounds, each measuring
    the bare view and then the page back to back: the machine's speed drifts from minute to
    minute, so each ratio is to the bare view of the same moment."""
    rounds = []
    for _ in range(args.rounds):
        bare = requests_per_second(bare_url, args)
        page = requests_per_second(page_url, args)
        rounds.append((page / bare, page, bare))
    return statistics.median_low(rounds)


def run(mode: str, bare_url: str, args) -> list[tuple[str, float, float, float]]:
    """Each page's ratio to the bare view and both requests/s, for one mode."""
    port = free_port()
    server = gunicorn("cica_site.wsgi:application", port, registry_env(mode == "cached"), ROOT)
    try:
        for page in PAGES:
            check_page(f"http://127.0.0.1:{port}{page}")
        results = [
            (page, *paired(f"http://127.0.0.1:{port}{page}", bare_url, args)) for page in PAGES
        ]
    finally:
        stop(server)
    print(f"\n{mode}:")
    print(
        f"  {'page':28} {'req/s':>9} {'bare':>9} {'ratio':>8}   goal >= 1/{round(1 / GOALS[mode])}"
    )
    for page, ratio, rps, bare in results:
        verdict = "ok" if ratio >= GOALS[mode] else "BELOW GOAL"
        print(f"  {page:28} {rps:9,.1f} {bare:9,.0f} {ratio:8.3f}   1/{1 / ratio:.1f}  {verdict}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per load (default 5)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="paired loads per page, median kept (default 3)"
    )
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    parser.add_argument(
        "--modes", nargs="+", choices=["uncached", "cached"], default=["uncached", "cached"]
    )
    args = parser.parse_args()
    if not Path(args.wrk).exists():
        raise SystemExit(f"wrk not found at {args.wrk} (Debian: apt-get install wrk)")
    if not 1 <= args.duration <= 120:
        raise SystemExit("--duration must be between 1 and 120 seconds")
    if not 1 <= args.rounds <= 15:
        raise SystemExit("--rounds must be between 1 and 15")

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=registry_env(cached=False),
        check=True,
    )
    print(
        f"gunicorn 2 sync workers each; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, {args.rounds} rounds; "
        f"database {os.environ.get('DATABASE_URL', 'SQLite db.sqlite3')}"
    )
    bare_port = free_port()
    bare = gunicorn("bare_app:application", bare_port, {**os.environ}, BENCHMARKS)
    try:
        for mode in args.modes:
            run(mode, f"http://127.0.0.1:{bare_port}/", args)
    finally:
        stop(bare)


if __name__ == "__main__":
    main()
