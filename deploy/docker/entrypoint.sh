#!/bin/sh
# The image's command: which role this container plays.
#   api | executor | all   iSync (main.ts --role …); api and executor need REDIS_URL (queue mode)
#   simulators             the PlanGrid and Nuvolo simulators (development, demos, tests)
#   anything else          run as given (e.g. sh)
set -eu
role="${1:-all}"
[ "$#" -gt 0 ] && shift
case "$role" in
  api | executor | all)
    exec node --no-node-snapshot --import tsx /app/api/src/main.ts --role "$role" "$@"
    ;;
  simulators)
    cd /app/simulators
    exec node --import tsx src/main.ts "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
