from sqlalchemy import Column, Integer, MetaData, String, Table

from rtcc_common.migrations import run_env

metadata = MetaData()
Table("widget", metadata, Column("id", Integer, primary_key=True), Column("name", String))

run_env(metadata)
