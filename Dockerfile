# One image for every Open RTCC process; compose.yaml picks the module each container runs.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY . .
ENV UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/opt/rtcc
RUN uv sync --frozen --no-dev
ENV PATH=/opt/rtcc/bin:$PATH RTCC_ENVIRONMENT=production RTCC_LOG_FORMAT=json RTCC_DATA_DIR=/data
