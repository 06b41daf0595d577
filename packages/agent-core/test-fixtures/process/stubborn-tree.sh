#!/bin/sh
# Like tree.sh, but the shell and its grandchild ignore SIGTERM (the disposition is inherited),
# so only the SIGKILL after the grace period ends them.
trap '' TERM
sleep 300 &
echo "grandchild $!"
wait
