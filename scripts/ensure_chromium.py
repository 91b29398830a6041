"""Install Debian's Chromium for the browser tests when it is missing (needs root and apt)."""

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(
            f"Chromium not found at {CHROMIUM}: browser tests will be skipped. "
            "Install it with: sudo apt-get install chromium",
            file=sys.stderr,
        )
        return 0
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    print("Installing Debian's chromium for the browser tests…", file=sys.stderr)
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
