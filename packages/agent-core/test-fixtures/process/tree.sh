#!/bin/sh
# Starts a grandchild, prints its pid, and waits: a process tree for the kill tests.
sleep 300 &
echo "grandchild $!"
wait
