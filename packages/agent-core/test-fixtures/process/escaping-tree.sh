#!/bin/sh
# Starts a process in a new session, outside the process group, that keeps stdout open.
setsid sleep 300 &
echo "escaped $!"
wait
