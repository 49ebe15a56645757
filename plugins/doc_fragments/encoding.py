# -*- coding: utf-8 -*-
# Copyright: (c) 2026, opsflow.vro contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):
    # How plain values are encoded for vRO (workflow inputs, interaction answers). The argument spec of these
    # options is _module.ENCODING_OPTIONS, built from the encoder's own choices and defaults (_spelling.WIRE_*).
    DOCUMENTATION = r"""
options:
  wire_format:
    description:
      - Encoding choices for the few value shapes on which vRO versions and sources disagree.
      - Unset, C(Properties) and C(MimeAttachment) values are sent under both of their spellings. When a vRO answers
        HTTP 400 to the start of a run so spelled (a refusal starts nothing), the run is sent again with one
        spelling, then the other. Set a key to send only that spelling (nothing is then sent again).
    type: dict
    suboptions:
      properties_list_key:
        description:
          - List key inside a C(Properties) value (vRO 7/8 clients use V(property); the 8.18 spec shows V(properties)).
          - Unset, both are sent.
        type: str
        choices: [property, properties]
      mime_content_key:
        description:
          - Key of the base64 content of a C(MimeAttachment) (scripts use V(content); the 8.18 spec shows V(mime-content)).
          - Unset, both are sent.
        type: str
        choices: [content, mime-content]
      secure_string_key:
        description: Value key of C(SecureString) values. V(string) is the old 7.x style.
        type: str
        choices: [secure-string, string]
        default: secure-string
  attachment_dirs:
    description:
      - Directories that C(MimeAttachment) values given as a C(path) may be read from. A path outside them (after
        resolving symbolic links and V(..)) is refused; an empty list refuses every path.
      - Set it (for example to V([])) wherever values come from people who may not read every file of the controller,
        such as an AWX/AAP job-template survey; C(playbooks/job_template_run_workflow.yml) sets V([]) unless its
        C(vro_attachment_dirs) variable names directories.
      - Whether set or not, only regular files of at most 16 MB are read; anything under C(/proc), C(/sys) or C(/dev),
        FIFOs, sockets and devices are refused.
    type: list
    elements: path
"""
