#!/bin/sh
printf 'Content-Type: application/json\r\n\r\n'
printf '{"status":"ok","environment":"%s"}\n' "${API_ENVIRONMENT:-unknown}"
