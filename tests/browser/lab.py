"""Start and stop a throw-away JupyterLab server for the browser suite.

`LabServer` runs `python -m jupyter lab` from the same Python as the tests, on
127.0.0.1, on a free port, with a random token, and with every directory it
could write to (settings, workspaces, checkpoints, runtime files) in a fresh
temporary directory, so the repository is never written to:

- autosave off, `windowingMode: "none"` (every cell is rendered, even off
  screen), news and update checks off (no toast over the page);
- `--LabApp.expose_app_in_browser=True`, so the page exposes `window.jupyterapp`
  and the checker can await the "run all" command.

`LoopbackServer` holds what this server and the app server (app.py) share: a free
port, a temporary folder and log, start-and-wait, and cleaning up our own process
group. `stop()` asks the server to shut down (`POST /api/shutdown`, which also stops
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


class LoopbackServer:
    """A server process on 127.0.0.1 and a free port, for the browser suite.

    Its temporary files and log live in `self.tmp`. A subclass builds its command
    line in `start()` and hands it to `_launch`, answers `_ping()` once it serves,
    and stops gracefully in `stop()` before calling `_cleanup()`. `name` is how
    error messages call it.
    """

    name = "the server"

    def __init__(self, prefix: str, startup_timeout: float = 90.0):
        self.startup_timeout = startup_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix=prefix))
        self.log_path = self.tmp / "server.log"
        self.process: subprocess.Popen | None = None
        self._log = None

    def _launch(self, cmd, *, cwd, env):
        """Start `cmd` in a process group of its own and wait until it answers."""
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in _cleanup)
        self.process = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=self._log,
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

    def _ping(self):
        raise NotImplementedError

    def _wait_ready(self):
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.process.returncode}:"
                    f"\n{self.log_tail()}"
                )
            try:
                self._ping()
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        raise RuntimeError(
            f"{self.name} did not answer within {self.startup_timeout:.0f} s:"
            f"\n{self.log_tail()}"
        )

    def _cleanup(self):
        """Kill what is left of our process group (kernels), close the log, rm tmp."""
        if self.process is not None:
            self._signal_group(signal.SIGKILL)
        if self._log:
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

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(
                self.log_path.read_text(errors="replace").splitlines()[-lines:]
            )
        except OSError:
            return ""


class LabServer(LoopbackServer):
    """A JupyterLab server serving `root_dir` on loopback; see the module docstring."""

    name = "JupyterLab"

    def __init__(self, root_dir: Path = ROOT, startup_timeout: float = 90.0):
        super().__init__("nnviz-lab-", startup_timeout)
        self.root_dir = Path(root_dir)
        self.token = secrets.token_hex(24)

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
        return self._launch(cmd, cwd=self.root_dir, env=env)

    def _ping(self):
        self.api("GET", "/api/status")

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
        self._cleanup()  # kernels run in the server's process group

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
