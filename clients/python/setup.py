"""Generates the gRPC stubs from proto/ before setuptools packs them (pip install clients/python)."""

import subprocess
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
if (HERE / "../../proto/src/main/proto").is_dir():
    subprocess.run([str(HERE / "generate-stubs")], check=True)
elif not (HERE / "convscope/v1/visualization_service_pb2.py").is_file():
    raise SystemExit("convscope: no proto/ beside clients/python to generate the gRPC stubs from")

setup()
