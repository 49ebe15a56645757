# Copyright: contributors to the opsflow.vro collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The process: command line, state file, TLS certificate, keep-alive, concurrency, clean stop."""

import http.client
import json
import signal
import socket
import ssl
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography import x509
from sim_support import HEALTH_CHECK, Api

from simulator.testing import ROOT, Simulator, SimulatorError


def test_state_file_and_helper_attributes(sim):
    state = json.loads(Path(sim.state_file).read_text())
    assert set(state) == {"url", "host", "port", "ca_path", "pid", "username", "password", "flavor", "dialect"}
    assert state["url"] == f"https://127.0.0.1:{state['port']}" == sim.url
    assert (state["host"], state["username"], state["password"], state["flavor"]) == (
        "127.0.0.1",
        "administrator@vsphere.local",
        "VMware1!sim",
        "8",
    )
    assert sim.port == state["port"] != 0 and sim.ca_path == state["ca_path"] and sim.pid == state["pid"]


def test_certificate_names_loopback(sim):
    ca = x509.load_pem_x509_certificate(Path(sim.ca_path).read_bytes())
    context = ssl.create_default_context(cafile=sim.ca_path)
    for host in ("127.0.0.1", "localhost"):
        with context.wrap_socket(socket.create_connection((sim.host, sim.port)), server_hostname=host) as tls:
            served = x509.load_der_x509_certificate(tls.getpeercert(binary_form=True))
    assert served.issuer == ca.subject
    names = served.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)


def test_untrusting_client_fails_handshake_and_server_lives_on(sim):
    with pytest.raises(ssl.SSLError):
        connection = http.client.HTTPSConnection(sim.host, sim.port, context=ssl.create_default_context(), timeout=5)
        connection.request("GET", "/vco/api/")
    assert Api(sim).get("/").status_code == 200


def test_keep_alive_serves_many_requests_on_one_connection(sim):
    connection = http.client.HTTPSConnection(sim.host, sim.port, context=ssl.create_default_context(cafile=sim.ca_path))
    connection.connect()
    sock = connection.sock
    for _attempt in range(20):
        connection.request("GET", "/vco/api/")
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read())["service"]
    assert connection.sock is sock  # never reconnected
    connection.close()


def test_hundreds_of_concurrent_clients(sim):
    sim.control.reset()

    def one_client(_index):
        api = Api(sim)
        return api.post(f"/workflows/{HEALTH_CHECK}/executions", json={}).status_code

    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(one_client, range(300)))
    assert statuses == [202] * 300
    assert sim.control.executions()["count"] == 300
    assert sim.control.stats()["requests"]["POST /workflows/{id}/executions"] == 300


def test_options_quirks_and_verbose_log(tmp_path):
    cert_dir = tmp_path / "certs"
    with Simulator(
        flavor="7",
        username="u",
        password="p",
        token_ttl=60,
        cert_dir=cert_dir,
        verbose=True,
        quirks={"state_key": "state", "location_host": "lb.example.com:8443"},
    ) as other:
        assert (other.flavor, other.username, other.password) == ("7", "u", "p")
        assert Path(other.ca_path) == (cert_dir / "ca.pem").resolve()
        config = other.control.config()
        assert config["token_ttl"] == 60 and config["quirks"]["state_key"] == "state"
        assert config["quirks"]["location_host"] == "lb.example.com:8443"
        assert config["quirks"]["secure_string_accepts_string"] is True  # the flavor-7 default
        Api(other).get("/about")
        deadline = time.monotonic() + 5  # the line is written just after the answer is sent
        while '"GET /vco/api/about HTTP/1.1" 200' not in other.log():
            assert time.monotonic() < deadline, other.log()
            time.sleep(0.05)
    assert (cert_dir / "ca.pem").exists()  # a given --cert-dir is kept


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_cleanly_and_removes_state_and_certificates(tmp_path, signum):
    state_file = tmp_path / "state.json"
    process = subprocess.Popen([sys.executable, "-m", "simulator", "--state-file", str(state_file)], cwd=ROOT)
    deadline = time.monotonic() + 10
    while not state_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    state = json.loads(state_file.read_text())
    assert state["pid"] == process.pid
    process.send_signal(signum)
    assert process.wait(timeout=10) == 0
    assert not state_file.exists() and not Path(state["ca_path"]).exists()


def test_bad_start_options_are_reported(tmp_path):
    bad_catalog = tmp_path / "catalog.json"
    bad_catalog.write_text('{"categories": [], "workflows": [{"id": "x"}]}')
    with pytest.raises(SimulatorError, match="invalid catalog"):
        Simulator(catalog=bad_catalog).start()
    with pytest.raises(SimulatorError, match="state_key"):
        Simulator(quirks={"state_key": "nope"}).start()
