"""Create the S3 bucket hezuo stores its files in, if it does not exist yet (compose.yaml's
one-shot ``bucket`` service; `hezuo upgrade` then checks it). Reads the same variables as the
settings: HEZUO_S3_BUCKET, HEZUO_S3_ENDPOINT_URL, HEZUO_S3_REGION, HEZUO_S3_ACCESS_KEY_ID,
HEZUO_S3_SECRET_ACCESS_KEY. Retries while the store is still starting."""

from __future__ import annotations

import os
import sys
import time

import boto3

ATTEMPTS = 30


def create_bucket() -> str:
    """The bucket's name, created or found; raises when the store refuses."""
    bucket = os.environ["HEZUO_S3_BUCKET"]
    region = os.environ.get("HEZUO_S3_REGION") or "us-east-1"
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("HEZUO_S3_ENDPOINT_URL") or None,
        region_name=region,
        aws_access_key_id=os.environ.get("HEZUO_S3_ACCESS_KEY_ID") or None,
        aws_secret_access_key=os.environ.get("HEZUO_S3_SECRET_ACCESS_KEY") or None,
    )
    try:
        client.head_bucket(Bucket=bucket)
    except client.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
            raise
        if region == "us-east-1":
            client.create_bucket(Bucket=bucket)
        else:
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
        sys.stdout.write(f"已创建存储桶 / bucket created: {bucket}\n")
    else:
        sys.stdout.write(f"存储桶已存在 / bucket exists: {bucket}\n")
    return bucket


def main() -> int:
    if not os.environ.get("HEZUO_S3_BUCKET"):
        sys.stderr.write("HEZUO_S3_BUCKET 未设置 / HEZUO_S3_BUCKET is not set.\n")
        return 1
    for attempt in range(1, ATTEMPTS + 1):
        try:
            create_bucket()
            return 0
        except Exception as error:  # botocore's: unreachable, still starting, refused
            if attempt == ATTEMPTS:
                sys.stderr.write(f"存储桶不可用 / the bucket cannot be used: {error}\n")
                return 1
            time.sleep(2)
    return 1


if __name__ == "__main__":
    sys.exit(main())
