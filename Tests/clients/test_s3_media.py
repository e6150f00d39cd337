"""MEDIA_STORE=s3://…: media generated through the gateway lands in a real S3-compatible server (moto's, in
this process), is served back by Prism with range requests, or by a redirect to a presigned URL; a bucket
that does not exist stops start-up with one sentence."""
import os
import socket
import subprocess

import boto3
import httpx
import openai
from moto.server import ThreadedMotoServer

from conftest import PASSWORD
from fake_upstream import PNG
from test_durability import start

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "AKIDPRISMTEST", "AWS_SECRET_ACCESS_KEY": "prism-test-secret-key-0123456789"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def moto_with_bucket(bucket):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                 aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"]).create_bucket(Bucket=bucket)
    return server, endpoint


def s3_env(endpoint, bucket, **extra):
    env = {"MEDIA_STORE": f"s3://{bucket}/prism", "S3_ENDPOINT": endpoint, "S3_REGION": "us-east-1", "PASSWORD": PASSWORD,
           "DOUBAO_API_KEY": "ark-test", **CREDENTIALS, **extra}
    return env


def objects(endpoint, bucket):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_media_in_s3_served_with_ranges_and_presigned_redirects(upstream, tmp_path):
    server, _ = upstream
    moto, endpoint = moto_with_bucket("prism-media")
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    procs = []
    try:
        env = s3_env(endpoint, "prism-media", DOUBAO_BASE_URL=f"http://127.0.0.1:{server.server_port}/v1")
        proc, base = start(binary, tmp_path / "a", server.server_port, env)
        procs.append(proc)
        sdk = openai.OpenAI(base_url=base + "/v1", api_key=PASSWORD, max_retries=0, timeout=30)
        url = sdk.images.generate(model="image/doubao", prompt="A lighthouse").data[0].url
        keys = objects(endpoint, "prism-media")
        assert any(key.startswith("prism/") and key.endswith(".png") for key in keys), keys
        assert not (tmp_path / "a" / "media").exists() or not any((tmp_path / "a" / "media").rglob("*.png"))
        whole = httpx.get(url)
        assert whole.status_code == 200 and whole.content == PNG
        part = httpx.get(url, headers={"Range": "bytes=1-4"})
        assert part.status_code == 206 and part.content == PNG[1:5]
        assert part.headers["content-range"] == f"bytes 1-4/{len(PNG)}"

        # A second gateway on the same data (rows and signing key) that redirects to presigned URLs instead.
        proc, base = start(binary, tmp_path / "a", server.server_port, {**env, "MEDIA_REDIRECT": "presigned"})
        procs.append(proc)
        redirected = httpx.get(url.replace(url.split("/v1/")[0], base), follow_redirects=False)
        assert redirected.status_code == 302
        assert redirected.headers["location"].startswith(endpoint) and "X-Amz-Signature=" in redirected.headers["location"]
        assert httpx.get(redirected.headers["location"]).content == PNG
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
        moto.stop()


def test_missing_bucket_stops_start_up_with_a_sentence(tmp_path):
    moto, endpoint = moto_with_bucket("some-other-bucket")
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    try:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env.update(s3_env(endpoint, "no-such-bucket"))
        done = subprocess.run([binary, "serve", "--port", "0", "--data-dir", str(tmp_path), "--env-file", os.devnull],
                              env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode != 0
        assert "no-such-bucket" in done.stderr and "MEDIA_STORE" in done.stderr, done.stderr
        assert CREDENTIALS["AWS_SECRET_ACCESS_KEY"] not in done.stderr + done.stdout
    finally:
        moto.stop()


def test_media_copy_moves_a_data_directory_into_the_bucket(upstream, tmp_path):
    server, _ = upstream
    binary = os.environ.get("PRISM_BIN", ".build/debug/prism")
    moto, endpoint = moto_with_bucket("prism-moved")
    upstream_env = {"DOUBAO_BASE_URL": f"http://127.0.0.1:{server.server_port}/v1", "DOUBAO_API_KEY": "ark-test", "PASSWORD": PASSWORD}
    proc, base = start(binary, tmp_path, server.server_port, upstream_env)
    try:
        url = openai.OpenAI(base_url=base + "/v1", api_key=PASSWORD, max_retries=0).images.generate(
            model="image/doubao", prompt="A harbour").data[0].url
    finally:
        proc.kill()
        proc.wait()
    try:
        env = {**os.environ, **CREDENTIALS, "S3_ENDPOINT": endpoint, "S3_REGION": "us-east-1"}
        refused = subprocess.run([binary, "media", "copy", "--from", str(tmp_path), "--to", str(tmp_path / "elsewhere")],
                                 env=env, capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "s3://bucket/prefix" in refused.stderr, refused.stderr
        command = [binary, "media", "copy", "--from", str(tmp_path), "--to", "s3://prism-moved/prod"]
        first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert first.returncode == 0 and "Copied 1 file(s); 0 were there already." in first.stdout, first.stdout + first.stderr
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert "Copied 0 file(s); 1 were there already." in again.stdout
        # The same data directory now served from the bucket: the old link still works.
        for png in (tmp_path / "media").rglob("*.png"):
            png.unlink()
        proc, base = start(binary, tmp_path, server.server_port, {**upstream_env, **s3_env(endpoint, "prism-moved")} | {"MEDIA_STORE": "s3://prism-moved/prod"})
        try:
            assert httpx.get(url.replace(url.split("/v1/")[0], base)).content == PNG
        finally:
            proc.kill()
            proc.wait()
    finally:
        moto.stop()
