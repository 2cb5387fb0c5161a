"""Write source.docx: a district council committee's minutes typed in Word around 2012.

Run with python-docx installed: `python make_source.py`. The council's name is in the
page header in capitals, minute headings are bold capitals numbered `45/12`, the lists of
people are laid out with tabs, the resolution's parts are typed letters, a recorded vote
is given in counts, a member substitutes for another, and the last item is exempt.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

document = docx.Document()
document.sections[0].header.paragraphs[0].text = "THORNBURY DISTRICT COUNCIL"
document.sections[0].footer.paragraphs[0].text = "Housing Committee 18.01.12"


def bold(text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


bold("HOUSING COMMITTEE")
document.add_paragraph("MINUTES of a meeting held on Wednesday 18th January 2012 in the Council Chamber, "
                       "Thornbury, commencing at 7.00 p.m.")
document.add_paragraph("PRESENT:\tCouncillor R. Whitcombe (Chairman), Councillors J. Arkwright, B. Danvers, "
                       "E. Haslam, T. Mottram and C. Selwyn (substitute for Councillor F. Lumb).")
document.add_paragraph("OFFICERS:\tMr D. Kinsella (Head of Housing) and Miss A. Tully (Committee Clerk).")
document.add_paragraph("")

bold("45/12\tAPOLOGIES FOR ABSENCE")
document.add_paragraph("An apology for absence was received from Councillor F. Lumb.")

bold("46/12\tDECLARATIONS OF INTEREST")
document.add_paragraph("Councillor Haslam declared a personal interest in Minute No. 47/12 as a "
                       "tenant of the Council and remained in the meeting.")

bold("47/12\tRENT SETTING 2012/13")
document.add_paragraph("The Head of Housing presented the report. Members noted that rent arrears stood at "
                       "3.2% against a target of 2.5%.")
document.add_paragraph("RESOLVED: (a) that rents be increased by 6.2% from 2nd April 2012;")
document.add_paragraph("(b) that the Head of Housing write to all tenants with the new rents by "
                       "29th February 2012.")
document.add_paragraph("The resolution was carried, For: 5, Against: 1, Abstentions: 0.")

bold("48/12\tEXCLUSION OF THE PUBLIC")
document.add_paragraph("RESOLVED that under Section 100A(4) of the Local Government Act 1972 the public be "
                       "excluded from the meeting for the following item of business on the grounds that it "
                       "involves the likely disclosure of exempt information as defined in Paragraph 1 of "
                       "Part 1 of Schedule 12A to the Act.")

bold("49/12\tTENANCY MATTER (EXEMPT)")
document.add_paragraph("The Committee considered the case of the tenant at 14 Quarry Row, Mr Lionel Badger.")
document.add_paragraph("RESOLVED that the notice to quit be withdrawn.")

document.add_paragraph("The meeting closed at 8.25 p.m.")
buffer = io.BytesIO()
document.save(buffer)
# The same bytes on every run, so the committed file changes only when this script does.
with zipfile.ZipFile(buffer) as made, zipfile.ZipFile(Path(__file__).with_name("source.docx"), "w",
                                                      zipfile.ZIP_DEFLATED) as fixed:
    for part in made.infolist():
        fixed.writestr(zipfile.ZipInfo(part.filename), made.read(part),
                       zipfile.ZIP_DEFLATED)
