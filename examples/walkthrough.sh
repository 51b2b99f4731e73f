#!/usr/bin/env bash
# The README's walk-through as a script: hold, repeat, confirm, repeat,
# cancel, cancel again, against `bun run demo` (or `porta-webhook serve
# --demo`) on localhost:8080. Needs curl and GNU date.
set -euo pipefail

URL=${URL:-http://127.0.0.1:8080}
KEY=${KEY:-demo-key}
# Two days ahead: outside the demo tour's one-day cancellation cut-off.
SLOT="$(date -u -d "+2 days" +%F)-1500"
# The hold's expiry is Rome's wall-clock time, as PORTA sends it.
EXPIRES=$(TZ=Europe/Rome date -d '+20 min' +%FT%T)
HOLD_ID=$(cat /proc/sys/kernel/random/uuid)
BOOKING_ID=$(cat /proc/sys/kernel/random/uuid)
ITEM_ID=$(cat /proc/sys/kernel/random/uuid)

call() { # METHOD PATH [BODY]
  echo "> $1 $2" >&2
  curl -sS -X "$1" "$URL$2" -H "x-webhook-key: $KEY" \
    -H 'content-type: application/json' ${3:+--data "$3"}
  echo
}

call GET /health

HOLD='{"experience_id":"colosseum-guided-tour","option_id":"guided-tour",
  "slot_id":"'"$SLOT"'","hold_id":"'"$HOLD_ID"'","expiration_time":"'"$EXPIRES"'",
  "quantities":[{"holder_category_id":"adult","quantity":1,"guide_language":"en"}]}'
call POST /hold "$HOLD"
call POST /hold "$HOLD"   # the same hold_id again: the same answer, no more seats

BOOKING='{"booking_id":"'"$BOOKING_ID"'","hold_id":"'"$HOLD_ID"'",
  "tuimm_booking_id":"MUS123456_7890123",
  "holder":{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace"},
  "booking_requests":[{"request_id":"'"$ITEM_ID"'","holder_category_id":"adult",
    "slot_id":"'"$SLOT"'","mandatory_answers":[
      {"mandatory_question_id":"lead-phone","answer":"+39 06 1234 5678"},
      {"mandatory_question_id":"arrival-date","answer":"'"$(date -u +%F)"'"},
      {"mandatory_question_id":"contact-email","answer":"ada@example.com"},
      {"mandatory_question_id":"full-name","answer":"Ada Lovelace"},
      {"mandatory_question_id":"id-number","answer":"AB1234567"},
      {"mandatory_question_id":"lunch","answer":"vegetarian"},
      {"mandatory_question_id":"shoe-size","answer":"38.5"}]}]}'
RESULT=$(call POST /booking "$BOOKING")
echo "$RESULT"
call POST /booking "$BOOKING"   # a repeat: the same transaction_id and tickets

TRANSACTION_ID=$(echo "$RESULT" | sed -E 's/.*"transaction_id":"([^"]+)".*/\1/')
CANCEL='{"booking_id":"'"$BOOKING_ID"'","transaction_id":"'"$TRANSACTION_ID"'",
  "ticket_numbers":[]}'
call DELETE /booking "$CANCEL"
call DELETE /booking "$CANCEL"   # already cancelled: 200 again
