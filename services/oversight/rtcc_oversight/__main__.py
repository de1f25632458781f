from pathlib import Path

from rtcc_common.service_runtime import run_service
from rtcc_oversight.server import build_server
from rtcc_oversight.settings import build_settings


def main() -> None:
    run_service(build_settings(), build_server, Path(__file__).parent / "migrations")


if __name__ == "__main__":
    main()
