"""Obtain, start, watch and stop a local Neo4j 5.26 LTS Community server.

The distribution is resolved from Maven Central by Maven (the server's main class and its libraries,
plus the admin tool and bulk importer), cached under `cache_dir`, and run as a real server process:
Bolt on a configurable port, authentication on, a persistent data directory, and a generated password
remembered in `<home>/auth.json` (mode 0600).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from liantu.errors import ServerError

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# The JVM flags Neo4j's own launcher adds: Neo4j reaches into NIO internals for direct buffers.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    home: Path
    version: str
    distribution_ready: bool


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


def _tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ServerError(f"`{name}` was not found on PATH; {hint}")
    return path


def java_major_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        raise ServerError(f"could not read the Java version from `{java} -version`: {out.stderr.strip()}")
    major = int(match.group(1))
    # Java 8 and older report "1.8"; the real major is the second number.
    return int(match.group(2) or 0) if major == 1 else major


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_password() -> str:
    """A random password for the local server's admin user.

    Hex, not URL-safe base64: neo4j-admin reads a password starting with "-" as an option and fails
    ("Missing required parameter"), which token_urlsafe produces about once in 64 draws.
    """
    return secrets.token_hex(24)


class LocalNeo4j:
    """One local server: its distribution in the cache, its state (conf, data, logs) in `home`."""

    def __init__(
        self,
        home: Path,
        cache_dir: Path,
        version: str,
        bolt_port: int,
        heap: str = "1g",
        pagecache: str = "1g",
    ) -> None:
        self.home = home.expanduser().resolve()
        self.cache_dir = cache_dir.expanduser().resolve()
        self.version = version
        self.bolt_port = bolt_port
        self.heap = heap
        self.pagecache = pagecache

    # --- layout -------------------------------------------------------------------------------
    @property
    def distribution_dir(self) -> Path:
        return self.cache_dir / f"neo4j-community-{self.version}"

    @property
    def lib_dir(self) -> Path:
        return self.distribution_dir / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def import_dir(self) -> Path:
        return self.home / "import"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def auth_file(self) -> Path:
        return self.home / "auth.json"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    # --- distribution -------------------------------------------------------------------------
    def distribution_ready(self) -> bool:
        return (self.distribution_dir / ".complete").exists()

    def ensure_distribution(self) -> Path:
        """Resolve the server's jars with Maven once; later calls return the cached directory."""
        if self.distribution_ready():
            return self.lib_dir
        mvn = _tool("mvn", "install Maven (e.g. `apt-get install maven`) so the Neo4j server can be fetched")
        self._check_java()
        self.distribution_dir.mkdir(parents=True, exist_ok=True)
        template = resources.files("graph.server").joinpath("neo4j-server.pom.xml").read_text("utf-8")
        pom = self.distribution_dir / "pom.xml"
        pom.write_text(template.replace("@NEO4J_VERSION@", self.version), encoding="utf-8")
        staging = self.distribution_dir / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={staging}",
            "-DincludeScope=runtime",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
            raise ServerError(f"Maven could not fetch Neo4j {self.version} from Maven Central:\n{tail}")
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        staging.rename(self.lib_dir)
        (self.distribution_dir / ".complete").write_text(self.version, encoding="utf-8")
        return self.lib_dir

    def _check_java(self) -> str:
        java = _tool("java", "install a Java 17 or 21 runtime (Neo4j 5.26 needs one)")
        major = java_major_version(java)
        if major < 17:
            raise ServerError(f"Neo4j 5.26 needs Java 17 or newer; `{java}` is Java {major}")
        return java

    # --- credentials --------------------------------------------------------------------------
    def credentials(self) -> Credentials:
        if not self.auth_file.exists():
            raise ServerError(
                f"no password recorded in {self.auth_file}; start the local server first (`liantu neo4j start`)"
            )
        data = json.loads(self.auth_file.read_text("utf-8"))
        return Credentials(user=data["user"], password=data["password"])

    def _ensure_password(self, java: str) -> None:
        if self.auth_file.exists():
            return
        if (self.data_dir / "databases" / "system").exists():
            raise ServerError(
                f"{self.data_dir} already holds a database but {self.auth_file} is missing; "
                "the password cannot be recovered. Remove the data directory to start afresh."
            )
        password = new_password()
        proc = self._run_admin(java, ["dbms", "set-initial-password", password])
        if proc.returncode != 0:
            raise ServerError(f"neo4j-admin could not set the initial password: {proc.stderr.strip()}")
        self.auth_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.auth_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"user": "neo4j", "password": password}, fh)

    # --- configuration ------------------------------------------------------------------------
    def _write_config(self) -> None:
        for d in (self.conf_dir, self.data_dir, self.logs_dir, self.import_dir, self.home / "plugins",
                  self.pid_file.parent):
            d.mkdir(parents=True, exist_ok=True)
        template = resources.files("graph.server").joinpath("neo4j.conf").read_text("utf-8")
        values = {
            "DATA_DIR": self.data_dir,
            "LOGS_DIR": self.logs_dir,
            "IMPORT_DIR": self.import_dir,
            "PLUGINS_DIR": self.home / "plugins",
            "RUN_DIR": self.pid_file.parent,
            "BOLT_PORT": self.bolt_port,
            "HEAP": self.heap,
            "PAGECACHE": self.pagecache,
        }
        for key, value in values.items():
            template = template.replace(f"@{key}@", str(value))
        (self.conf_dir / "neo4j.conf").write_text(template, encoding="utf-8")

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _classpath(self) -> str:
        return str(self.lib_dir / "*")

    def _run_admin(self, java: str, args: list[str]) -> subprocess.CompletedProcess[str]:
        cmd = [java, "-Xmx1g", "-cp", self._classpath(), ADMIN_CLASS, *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=self._env(), check=False)

    def admin(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        """Run `neo4j-admin ARGS` against this server's home (for offline work such as import)."""
        self.ensure_distribution()
        self._write_config()
        return self._run_admin(self._check_java(), args)

    # --- process ------------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid of our server if it is alive, else None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        cmdline = Path(f"/proc/{pid}/cmdline")
        try:
            alive = MAIN_CLASS in cmdline.read_bytes().decode("utf-8", "replace")
        except OSError:
            alive = False
        if not alive:
            self.pid_file.unlink(missing_ok=True)
            return None
        return pid

    def status(self) -> ServerStatus:
        return ServerStatus(
            running=self.pid() is not None,
            pid=self.pid(),
            bolt_uri=self.bolt_uri,
            home=self.home,
            version=self.version,
            distribution_ready=self.distribution_ready(),
        )

    def start(self, timeout_s: float = 180.0) -> ServerStatus:
        running = self.pid()
        if running is not None:
            raise ServerError(
                f"the local Neo4j is already running (pid {running}, {self.bolt_uri}); "
                "`liantu neo4j stop` stops it"
            )
        if port_in_use(self.bolt_port):
            raise ServerError(
                f"port {self.bolt_port} is already in use by another process; free it or choose another "
                "port with LIANTU_NEO4J_BOLT_PORT"
            )
        java = self._check_java()
        self.ensure_distribution()
        self._write_config()
        self._ensure_password(java)
        console = self.logs_dir / "console.log"
        cmd = [
            java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *JVM_FLAGS,
            "-cp",
            self._classpath(),
            MAIN_CLASS,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        with console.open("ab") as log:
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=self._env(), start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid), encoding="utf-8")
        self._wait_until_ready(proc, timeout_s)
        return self.status()

    def _wait_until_ready(self, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
        from neo4j import GraphDatabase
        from neo4j.exceptions import ServiceUnavailable

        creds = self.credentials()
        deadline = time.monotonic() + timeout_s
        last_error = ""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise ServerError(
                    f"Neo4j exited with code {proc.returncode} while starting; last log lines:\n"
                    + self._log_tail()
                )
            if port_in_use(self.bolt_port):
                try:
                    with GraphDatabase.driver(self.bolt_uri, auth=(creds.user, creds.password)) as drv:
                        drv.verify_connectivity()
                        drv.execute_query("RETURN 1", database_="neo4j")
                    return
                except ServiceUnavailable as exc:  # still starting: the database is not online yet
                    last_error = str(exc)
                except Exception as exc:
                    last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        self.stop()
        raise ServerError(
            f"Neo4j did not answer on {self.bolt_uri} within {timeout_s:.0f}s ({last_error}); "
            f"last log lines:\n{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 20) -> str:
        for name in ("neo4j.log", "console.log"):
            path = self.logs_dir / name
            if path.exists():
                content = path.read_text("utf-8", errors="replace").splitlines()
                if content:
                    return "\n".join(content[-lines:])
        return "(no log output)"

    def stop(self, timeout_s: float = 60.0) -> bool:
        """Stop the server cleanly (SIGTERM lets Neo4j checkpoint); returns False if none was running."""
        pid = self.pid()
        if pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                break
            time.sleep(0.2)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        self.pid_file.unlink(missing_ok=True)
        return True


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"
