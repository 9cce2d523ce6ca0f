"""Headless Chromium and poppler for the report tests, installed from Debian when missing (root only).

``chromium()`` and ``pdftoppm()`` return the tool's path, or skip the calling test with the reason: not root, no
apt-get, or the install failed. ``run_chromium(url, tmp, *extra)`` runs it offline-minded and isolated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


def _apt_install(package: str) -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    if subprocess.run(cmd, env=env, capture_output=True, timeout=1200, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600, check=False)
        subprocess.run(cmd, env=env, capture_output=True, timeout=1200, check=False)


def ensure_tool(path: str, package: str) -> str:
    """``path`` when present; else install ``package`` (root with apt-get) or skip the test."""
    if Path(path).exists():
        return path
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip(f"{path} is missing; install the Debian package {package} (needs root)")
    _apt_install(package)
    if not Path(path).exists():
        pytest.skip(f"{path} is missing and installing {package} failed")
    return path


def chromium() -> str:
    return ensure_tool("/usr/bin/chromium", "chromium")


def pdftoppm() -> str:
    return ensure_tool("/usr/bin/pdftoppm", "poppler-utils")


def run_chromium(url: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """One headless run with its own profile under ``tmp``; logs (console messages included) go to stderr."""
    profile = tmp / "chromium-profile"
    profile.mkdir(parents=True, exist_ok=True)
    cmd = [chromium(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
