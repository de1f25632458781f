from sqlmodel import SQLModel

from rtcc_common.migrations import run_env
from rtcc_lpr import models  # noqa: F401  (registers the tables)

run_env(SQLModel.metadata)
