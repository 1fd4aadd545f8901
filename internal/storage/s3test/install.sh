#!/usr/bin/env bash
# Installs the S3-compatible server that the storage tests start on
# 127.0.0.1: Versity Gateway (Apache-2.0), built from the Go module proxy
# into $(go env GOPATH)/bin (or $GOBIN), where s3test finds it.
# Cold (empty module and build caches) it takes about 5 minutes on 2 cores
# and fills ~340 MB of module cache and ~430 MB of build cache; when the
# right version is already installed it returns at once.
#
# SeaweedFS also works (S3TEST_SERVER=seaweedfs, WEED_BIN=...), but its go.mod
# has a replace directive, so `go install` refuses it, and a cold build from
# a wrapper module takes ~25 minutes and ~5.6 GB: it is not installed here.
set -euo pipefail

VERSION=v1.8.0
MODULE=github.com/versity/versitygw

bindir="${GOBIN:-$(go env GOPATH | cut -d: -f1)/bin}"
bin="$bindir/versitygw"
if [[ -x "$bin" ]] && go version -m "$bin" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+$MODULE[[:space:]]+$VERSION[[:space:]]"; then
	echo "s3test: versitygw $VERSION already at $bin"
	exit 0
fi
start=$SECONDS
GOFLAGS=-mod=mod go install "$MODULE/cmd/versitygw@$VERSION"
echo "s3test: installed versitygw $VERSION at $bin in $((SECONDS - start)) s"
