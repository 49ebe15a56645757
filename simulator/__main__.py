# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`python -m simulator`: run the vRO simulator on 127.0.0.1 over HTTPS (see docs/design.md)."""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from . import certs
from .app import App
from .catalog import DEFAULT_PATH, Catalog
from .recorder import Recorder
from .server import Server, tls_context
from .settings import DIALECTS, FLAVORS, QUIRKS, Settings

HOST = "127.0.0.1"


def _quirk(text):
    name, sep, raw = text.partition("=")
    if not sep or name not in QUIRKS:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE with NAME one of {', '.join(QUIRKS)}")
    try:
        return name, json.loads(raw)
    except ValueError:
        return name, raw  # a bare string such as a host name


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--state-file", type=Path, help="JSON written once listening: url, port, ca_path, ...")
    parser.add_argument("--flavor", choices=sorted(FLAVORS), default="8")
    parser.add_argument("--dialect", choices=sorted(DIALECTS), default="legacy", help="see simulator/settings.py")
    parser.add_argument("--username", default="administrator@vsphere.local")
    parser.add_argument("--password", default="VMware1!sim")
    parser.add_argument("--token-ttl", type=float, default=3600.0, help="bearer token lifetime in seconds")
    parser.add_argument("--catalog", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--cert-dir", type=Path, help="where to write ca.pem (default: a temporary directory)")
    parser.add_argument(
        "--quirk",
        type=_quirk,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a quirk at start (JSON value, or a plain string)",
    )
    parser.add_argument(
        "--request-log", type=Path, help="append each API request (JSON line, secrets masked) to this file"
    )
    parser.add_argument("--verbose", action="store_true", help="log one line per request to stderr")
    return parser.parse_args(argv)


def _write_state(path, state):
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)  # atomic: a reader never sees half a file


def main(argv=None):
    args = parse_args(argv)
    try:
        settings = Settings(args.flavor, args.token_ttl, dict(args.quirk), args.dialect)
    except ValueError as exc:
        sys.exit(f"simulator: {exc}")
    catalog = Catalog.load(args.catalog)
    cert_dir = args.cert_dir or Path(tempfile.mkdtemp(prefix="vro-sim-"))
    ca_path, cert_path, key_path = certs.generate(cert_dir)
    recorder = Recorder(args.request_log) if args.request_log else None
    app = App(settings, catalog, args.username, args.password, recorder)
    server = Server((HOST, args.port), app, tls_context(cert_path, key_path), args.verbose)
    port = server.server_address[1]
    state = {
        "url": f"https://{HOST}:{port}",
        "host": HOST,
        "port": port,
        "ca_path": str(Path(ca_path).resolve()),
        "pid": os.getpid(),
        "username": args.username,
        "password": args.password,
        "flavor": args.flavor,
        "dialect": args.dialect,
    }
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if args.state_file:
            _write_state(args.state_file, state)
        print(
            f"vRO simulator (flavor {args.flavor}) on {state['url']}, CA {state['ca_path']}",
            file=sys.stderr,
            flush=True,
        )
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if args.state_file:
            args.state_file.unlink(missing_ok=True)
        if args.cert_dir is None:
            shutil.rmtree(cert_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
