/**
 * @module bookings/answers
 * Checks mandatory answers against the experience's questions (DECISIONS
 * 14). A question applies to a booking when its `option_id` is empty or the
 * booked option, and to an item when its `holder_category_id` is empty or
 * the item's. BY_PAX questions are answered by each item they apply to;
 * BOOKING questions once for the booking, although PORTA repeats them on
 * every item: copies that disagree are refused.
 */
import { invalid } from "../errors.ts";
import type { QuestionRow } from "../inventory/repository.ts";
import { parseLocalDate } from "../time.ts";
import type { BookingRequest } from "../webhook/schemas.ts";

type Item = BookingRequest["booking_requests"][number];

const FORMATS: Record<string, (answer: string, q: QuestionRow) => boolean> = {
  STRING: (a) => a.trim().length > 0,
  INTEGER: (a) => /^[+-]?\d+$/.test(a),
  DECIMAL: (a) => /^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(a),
  DATE: (a) => parseLocalDate(a) !== null,
  EMAIL: (a) => /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(a),
  PHONE_NUMBER: (a) => {
    const digits = a.replace(/\D/g, "").length;
    return /^\+?[0-9 ().\-\/]+$/.test(a) && digits >= 5 && digits <= 15;
  },
  SELECT_ONE: (a, q) =>
    Object.hasOwn(JSON.parse(q.select_options ?? "{}") as object, a),
};

const patterns = new Map<string, RegExp>();

function matchesPattern(answer: string, pattern: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern, "u");
    patterns.set(pattern, re);
  }
  return re.test(answer);
}

function checkAnswer(q: QuestionRow, answer: string, where: string): void {
  const name = `mandatory question ${q.mandatory_question_id} ("${q.question}")`;
  const format = FORMATS[q.data_type];
  if (format && !format(answer, q)) {
    throw invalid(`${where}: answer to ${name} is not a valid ${q.data_type}`);
  }
  if (q.data_pattern && !matchesPattern(answer, q.data_pattern)) {
    throw invalid(`${where}: answer to ${name} does not match its pattern`);
  }
}

const answerOf = (item: Item, questionId: string): string | undefined =>
  item.mandatory_answers?.find((a) => a.mandatory_question_id === questionId)?.answer;

export function checkAnswers(
  questions: QuestionRow[],
  optionId: string,
  items: Item[],
): void {
  for (const q of questions) {
    if (q.option_id !== null && q.option_id !== optionId) continue;
    const inScope = items.filter(
      (i) => q.holder_category_id === null || q.holder_category_id === i.holder_category_id,
    );
    if (inScope.length === 0) continue;

    const name = `mandatory question ${q.mandatory_question_id} ("${q.question}")`;
    if (q.level === "BY_PAX") {
      for (const item of inScope) {
        const answer = answerOf(item, q.mandatory_question_id);
        const where = `item ${item.request_id}`;
        if (answer === undefined) throw invalid(`${where}: ${name} is not answered`);
        checkAnswer(q, answer, where);
      }
      continue;
    }

    const copies = new Set(
      items.map((i) => answerOf(i, q.mandatory_question_id)).filter((a) => a !== undefined),
    );
    if (copies.size === 0) throw invalid(`booking: ${name} is not answered`);
    if (copies.size > 1) throw invalid(`booking: answers to ${name} disagree`);
    checkAnswer(q, [...copies][0]!, "booking");
  }
}
