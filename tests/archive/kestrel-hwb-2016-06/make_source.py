"""Write source.docx: the next meeting of the Kestrel board, typed by another clerk.

Run with python-docx installed: `python make_source.py`. Minute headings are bold
numbered lines in capitals rather than heading styles, the matters arising table updates
an action raised at the March meeting, one paragraph still has a tracked change, and the
actions are joint (two members) and a post-holder's.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

document = docx.Document()
header = document.sections[0].header
header.paragraphs[0].text = "Kestrel County Council"
header.add_paragraph("Health and Wellbeing Board")


def bold(text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def table(rows: list[list[str]]) -> None:
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(grid.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text


def action(ident: str, rest: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"ACTION {ident}:").bold = True
    paragraph.add_run(f" {rest}")


document.add_paragraph("MINUTES of a meeting of the Health and Wellbeing Board held on Tuesday 21 June 2016 "
                       "at 2.00 pm in Room 1, County Hall, Kestrel.")
document.add_paragraph("Present:\tCouncillor Fiona Drury (Chair), Councillor Anne Hewitt, Dr Sam Okonjo "
                       "(Clinical Commissioning Group), Helen Ward (Director of Public Health)")
document.add_paragraph("In attendance:\tMarcus Bell (Head of Commissioning), Joy Adeleke (Board Officer)")
document.add_paragraph("Apologies:\tCouncillor Peter Lang")

bold("6. MATTERS ARISING")
table([["ID", "Action", "Owner", "Due", "Update"],
       ["HWB-40", "Present a delayed transfers recovery plan", "Head of Commissioning", "31 May 2016",
        "Complete: the plan was presented to the A&E Delivery Board on 24 May 2016"]])

bold("7. CHILDHOOD OBESITY")
document.add_paragraph("The Director of Public Health reported that 21.3% of children in Year 6 were obese "
                       "against a target of 19%.")
changed = document.add_paragraph()
changed._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">The Board </w:t></w:r>'))
changed._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="Clerk" w:date="2016-06-22T09:00:00Z">'
                            '<w:r><w:delText>welcomed</w:delText></w:r></w:del>'))
changed._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="Clerk" w:date="2016-06-22T09:00:00Z">'
                            '<w:r><w:t>noted</w:t></w:r></w:ins>'))
changed._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> the report.</w:t></w:r>'))
action("HWB-44", "Councillor Drury and Dr Okonjo to meet the schools forum by 31 July 2016.")
action("HWB-45", "Head of Commissioning to commission a weight management service by 30 September 2016.")

bold("8. PHARMACEUTICAL NEEDS ASSESSMENT")
document.add_paragraph("RESOLVED that the draft pharmaceutical needs assessment be approved for "
                       "consultation.")

document.add_paragraph("The meeting closed at 3.35 pm.")
buffer = io.BytesIO()
document.save(buffer)
# The same bytes on every run, so the committed file changes only when this script does.
with zipfile.ZipFile(buffer) as made, zipfile.ZipFile(Path(__file__).with_name("source.docx"), "w",
                                                      zipfile.ZIP_DEFLATED) as fixed:
    for part in made.infolist():
        fixed.writestr(zipfile.ZipInfo(part.filename), made.read(part),
                       zipfile.ZIP_DEFLATED)
