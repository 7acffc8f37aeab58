#!/usr/bin/env bash
# Prints token API figures for this machine. Options: -Dtokens=5000 -Dthreads=16 -Dseconds=10
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests package
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" -cp target/tokendesk.jar bench/TokenApiBench.java
