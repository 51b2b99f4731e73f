/**
 * @module webhook/examples
 * Example bodies for the OpenAPI document, shaped on the demo inventory so
 * that Swagger UI's "Try it out" against a `serve --demo` instance gets
 * past the unknown-id checks (only the dates need changing).
 */

export const holdExample = {
  experience_id: "colosseum-guided-tour",
  option_id: "guided-tour",
  slot_id: "2030-06-15-1500",
  hold_id: "0b5a3f6e-2f4c-4d8a-9a41-6f0e1c2d3b4a",
  expiration_time: "2030-06-14T10:42:37",
  quantities: [
    { holder_category_id: "adult", quantity: 2, guide_language: "en" },
    { holder_category_id: "child", quantity: 1 },
  ],
};

export const holdResponseExample = {
  hold_id: "0b5a3f6e-2f4c-4d8a-9a41-6f0e1c2d3b4a",
  transaction_id: "5f0c1d2e-8a7b-4c3d-9e1f-2a3b4c5d6e7f",
};

export const bookingExample = {
  booking_id: "8d2f6b1a-3c4e-4f5a-8b9c-0d1e2f3a4b5c",
  hold_id: "0b5a3f6e-2f4c-4d8a-9a41-6f0e1c2d3b4a",
  tuimm_booking_id: "MUS123456_7890123",
  holder: { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" },
  booking_requests: [
    {
      request_id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      holder_category_id: "adult",
      slot_id: "2030-06-15-1500",
      mandatory_answers: [
        { mandatory_question_id: "lead-phone", answer: "+39 06 1234 5678" },
        { mandatory_question_id: "full-name", answer: "Ada Lovelace" },
      ],
    },
  ],
};

export const bookingResponseExample = {
  booking_id: "8d2f6b1a-3c4e-4f5a-8b9c-0d1e2f3a4b5c",
  transaction_id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
  tickets: [
    {
      number: "7KQ2-M9XD-4RTB-J0WE",
      type: "FOR_SINGLE_PERSON",
      format: "QR",
      request_id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
      holder_category_id: "adult",
    },
  ],
};

export const cancelExample = {
  booking_id: "8d2f6b1a-3c4e-4f5a-8b9c-0d1e2f3a4b5c",
  transaction_id: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
  ticket_numbers: ["7KQ2-M9XD-4RTB-J0WE"],
};

export const refusalExample = {
  code: "NO_CAPACITY_LEFT",
  id: "3ecae132-a32d-41f9-8f7d-586f34cc29ce",
  message: "slot 2030-06-15-1500 has 1 seat(s) left, 3 requested",
};
