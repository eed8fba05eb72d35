import { describe, expect, it } from "vitest";
import { readContactsCsv } from "./contacts-csv.js";

describe("the contact directory's CSV", () => {
  it("reads people with several e-mails, phones and languages, Korean headers included", () => {
    const { contacts, problems } = readContactsCsv(
      "\uFEFF사람,이름,이메일,전화,언어,근무시간\r\nrecovery-lead,김복구,lead@acme.example;lead@home.example,+82 10-1234-5678,ko;en,월-금 09:00-18:00\r\ndba-lead,,dba@acme.example,,ko,\r\n",
    );
    expect(problems).toEqual([]);
    expect(contacts[0]).toEqual({ person: "recovery-lead", name: "김복구", emails: ["lead@acme.example", "lead@home.example"], phones: ["+821012345678"], languages: ["ko", "en"], workingHours: "월-금 09:00-18:00", webhook: null });
    expect(contacts[1].emails).toEqual(["dba@acme.example"]);
  });

  it("names the line, column and field of every problem", () => {
    const { problems } = readContactsCsv("person,email,phone,colour\nRecovery Lead,not-mail,12,red\nx,,,\nx,x@a.example,,\n");
    expect(problems).toEqual([
      { line: 1, column: 20, field: "colour", message: expect.stringContaining('unknown column "colour"') },
      { line: 2, column: 1, field: "person", message: expect.stringContaining('"Recovery Lead" is not a component id') },
      { line: 2, column: 15, field: "email", message: '"not-mail" is not an e-mail address' },
      { line: 2, column: 24, field: "phone", message: expect.stringContaining('"12" is not a phone number') },
      { line: 2, column: 1, field: "email", message: expect.stringContaining("no e-mail, phone or webhook") },
      { line: 3, column: 1, field: "email", message: expect.stringContaining("no e-mail, phone or webhook") },
      { line: 4, column: 1, field: "person", message: '"x" is listed twice (first on line 3)' },
    ]);
  });
});
