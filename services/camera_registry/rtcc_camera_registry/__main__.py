from pathlib import Path

from rtcc_camera_registry.server import build_server
from rtcc_camera_registry.settings import build_settings
from rtcc_common.service_runtime import run_service


def main() -> None:
    run_service(build_settings(), build_server, Path(__file__).parent / "migrations")


if __name__ == "__main__":
    main()
