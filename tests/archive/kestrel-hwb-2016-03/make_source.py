"""Write source.docx: a Health and Wellbeing Board's minutes as a clerk types them in Word.

Run with python-docx installed: `python make_source.py`. The council's name is in the
page header, headings use Word's heading styles, the resolution's "(a)" and "(b)" come
from Word's list numbering, and there is an action-log table and a performance table.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

document = docx.Document()
section = document.sections[0]
section.header.paragraphs[0].text = "Kestrel County Council"
section.footer.paragraphs[0].text = "Chair's initials ..........    Page 1"

numbering = document.part.numbering_part.element
numbering.insert(0, parse_xml(
    f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl></w:abstractNum>'))
numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def lettered(text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))


def table(rows: list[list[str]]) -> None:
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = "Table Grid"
    for row, cells in zip(grid.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for cell in grid.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True


document.add_heading("Health and Wellbeing Board", 0)
document.add_paragraph("Minutes of a meeting of the Health and Wellbeing Board held on Tuesday 15 March 2016 "
                       "at 2.00 pm in Room 1, County Hall, Kestrel.")
document.add_paragraph("Present: Councillor Fiona Drury (Chair), Councillor Peter Lang, Dr Sam Okonjo "
                       "(Clinical Commissioning Group), Helen Ward (Director of Public Health)")
document.add_paragraph("In attendance: Marcus Bell (Head of Commissioning), Joy Adeleke (Board Officer)")
document.add_paragraph("Apologies: Councillor Anne Hewitt")
document.add_paragraph("")

document.add_heading("1. Declarations of interest", 2)
document.add_paragraph("Dr Okonjo declared a non-registrable interest in item 4 as a partner in the Eastgate "
                       "Surgery; he remained in the meeting.")

document.add_heading("2. Action log", 2)
document.add_paragraph("The Board reviewed the actions outstanding from earlier meetings.")
table([["ID", "Action", "Owner", "Due", "Status"],
       ["HWB-31", "Publish the pharmaceutical needs assessment", "Director of Public Health", "January 2016",
        "Complete"],
       ["HWB-33", "Name a lead for the carers' strategy", "Head of Commissioning", "February 2016",
        "In progress: a lead will be named in April"]])

document.add_heading("3. Performance report", 2)
document.add_paragraph("The Director of Public Health presented the dashboard for quarter 3 2015/16.")
table([["Measure", "Actual", "Target", "RAG"],
       ["Delayed transfers of care (days per 100,000 population)", "12.4", "10.0", "Red"],
       ["Smokers quit at four weeks (%)", "54", "50", "Green"]])
action = document.add_paragraph()
action.add_run("ACTION HWB-40:").bold = True
action.add_run(" Head of Commissioning to present a delayed transfers recovery plan by 31 May 2016.")

document.add_heading("4. Better Care Fund 2016/17", 2)
document.add_paragraph("The Board considered the draft plan.")
document.add_paragraph("RESOLVED:")
lettered("that the Better Care Fund plan for 2016/17 be approved;")
lettered("that the Director of Public Health submit the plan to NHS England by 21 April 2016.")

document.add_heading("5. Date of next meeting", 2)
document.add_paragraph("21 June 2016 at 2.00 pm, County Hall.")
document.add_paragraph("The meeting closed at 3.50 pm.")

document.core_properties.author = "Kestrel County Council"
buffer = io.BytesIO()
document.save(buffer)
# The same bytes on every run, so the committed file changes only when this script does.
with zipfile.ZipFile(buffer) as made, zipfile.ZipFile(Path(__file__).with_name("source.docx"), "w",
                                                      zipfile.ZIP_DEFLATED) as fixed:
    for part in made.infolist():
        fixed.writestr(zipfile.ZipInfo(part.filename), made.read(part),
                       zipfile.ZIP_DEFLATED)
