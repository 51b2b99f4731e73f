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

/** Every answer an item gives to a question: PORTA may repeat one. */
const answersOf = (item: Item, questionId: string): string[] =>
  (item.mandatory_answers ?? [])
    .filter((a) => a.mandatory_question_id === questionId)
    .map((a) => a.answer);

/**
 * The one answer among `copies`: none is "not answered", copies that
 * disagree are refused, so that no unchecked copy is ever stored.
 */
function single(copies: string[], where: string, name: string): string {
  const distinct = new Set(copies);
  if (distinct.size === 0) throw invalid(`${where}: ${name} is not answered`);
  if (distinct.size > 1) throw invalid(`${where}: answers to ${name} disagree`);
  return copies[0]!;
}

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
        const where = `item ${item.request_id}`;
        checkAnswer(q, single(answersOf(item, q.mandatory_question_id), where, name), where);
      }
      continue;
    }

    const copies = items.flatMap((i) => answersOf(i, q.mandatory_question_id));
    checkAnswer(q, single(copies, "booking", name), "booking");
  }
}
