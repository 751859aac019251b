"""Start and stop a throw-away JupyterLab server for the browser suite.

`LabServer` runs `python -m jupyter lab` from the same Python as the tests, on
127.0.0.1, on a free port, with a random token, and with every directory it
could write to (settings, workspaces, checkpoints, runtime files) in a fresh
temporary directory, so the repository is never written to:

- autosave off, `windowingMode: "none"` (every cell is rendered, even off
  screen), news and update checks off (no toast over the page);
- `--LabApp.expose_app_in_browser=True`, so the page exposes `window.jupyterapp`
  and the checker can await the "run all" command.

`stop()` asks the server to shut down (`POST /api/shutdown`, which also stops
its kernels) and falls back to signalling only the process group it started.
Use it as a context manager, or call `stop()` in a `finally`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """A JupyterLab server serving `root_dir` on loopback; see the module docstring."""

    def __init__(self, root_dir: Path = ROOT, startup_timeout: float = 90.0):
        self.root_dir = Path(root_dir)
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="nnviz-lab-"))
        self.process: subprocess.Popen | None = None
        self.log_path = self.tmp / "server.log"

    # -- life cycle -------------------------------------------------------------
    def start(self) -> LabServer:
        settings = self.tmp / "settings"
        for plugin, values in SETTINGS.items():
            path = settings / (plugin + ".jupyterlab-settings")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        for name in ("workspaces", "checkpoints", "runtime"):
            (self.tmp / name).mkdir()
        env = dict(
            os.environ,
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
            PYTHONUNBUFFERED="1",
        )
        env.pop("MPLBACKEND", None)  # tests/conftest.py sets Agg; lessons pick ipympl
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root_dir}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
            f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop)
        self._log = log
        self.process = subprocess.Popen(
            cmd,
            cwd=self.root_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self):
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode}:"
                    f"\n{self.log_tail()}"
                )
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        raise RuntimeError(
            f"JupyterLab did not answer within {self.startup_timeout:.0f} s:"
            f"\n{self.log_tail()}"
        )

    def stop(self):
        """Shut the server down; kill our own process group if it does not stop."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except Exception:
                pass
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGTERM)
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._signal_group(signal.SIGKILL)
                    self.process.wait(timeout=5)
        # Kernels run in the server's process group: catch any left behind.
        if self.process is not None:
            self._signal_group(signal.SIGKILL)
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _signal_group(self, sig):
        try:
            os.killpg(self.process.pid, sig)  # the group we created (start_new_session)
        except (ProcessLookupError, PermissionError, AttributeError):
            pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- helpers ----------------------------------------------------------------
    def api(self, method: str, path: str, timeout: float = 10):
        """Call the REST API; returns the decoded JSON (or None)."""
        request = urllib.request.Request(
            self.url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method in ("POST", "PUT") else None,
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Stop every kernel the server runs (between notebooks)."""
        for session in self.api("GET", "/api/sessions") or []:
            try:
                self.api("DELETE", f"/api/sessions/{session['id']}")
            except urllib.error.URLError:
                pass
        for kernel in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.URLError:
                pass

    def notebook_url(self, relpath: str, workspace: str) -> str:
        """URL opening `relpath` (relative to root_dir) in a fresh named workspace."""
        return (
            f"{self.url}/lab/workspaces/{workspace}/tree/{relpath}?token={self.token}"
        )

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(
                self.log_path.read_text(errors="replace").splitlines()[-lines:]
            )
        except OSError:
            return ""
