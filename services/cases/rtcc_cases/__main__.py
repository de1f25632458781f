from pathlib import Path

from rtcc_cases.server import build_server
from rtcc_cases.settings import build_settings
from rtcc_common.service_runtime import run_service


def main() -> None:
    run_service(build_settings(), build_server, Path(__file__).parent / "migrations")


if __name__ == "__main__":
    main()
