/**
 * @module bookings/tickets
 * Tickets for a confirmed booking, as the option's `ticket` setting says
 * (DECISIONS 15): one FOR_ALL ticket for the group, or one
 * FOR_SINGLE_PERSON ticket per item.
 */
import { newTicketNumber } from "../ids.ts";
import type { TicketSetting } from "../inventory/repository.ts";
import type { BookingRequest, Ticket } from "../webhook/schemas.ts";

/** `isTaken` guards against the (2^-80) chance of a repeated number. */
export function issueTickets(
  setting: TicketSetting,
  items: BookingRequest["booking_requests"],
  isTaken: (number: string) => boolean,
): Ticket[] {
  const fresh = () => {
    let number = newTicketNumber();
    while (isTaken(number)) number = newTicketNumber();
    return number;
  };

  if (setting.ticket_type === "FOR_SINGLE_PERSON") {
    return items.map((item) => ({
      number: fresh(),
      type: "FOR_SINGLE_PERSON",
      format: setting.ticket_format,
      request_id: item.request_id,
      holder_category_id: item.holder_category_id,
    }));
  }

  const number = fresh();
  if (setting.ticket_format === "URL") {
    return [{
      number: setting.ticket_url_template!.replaceAll("{number}", number),
      type: "FOR_ALL",
      format: "URL",
      ...(setting.ticket_mime_type ? { mimeType: setting.ticket_mime_type } : {}),
    }];
  }
  return [{ number, type: "FOR_ALL", format: setting.ticket_format }];
}
