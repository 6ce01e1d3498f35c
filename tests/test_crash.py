"""The process killed in the middle of an issuance, after the state changed in memory and
while the signed PDF is being written: nothing half-done remains, the history is whole."""
import os
import subprocess
import sys
import textwrap

from portal.extensions import db
from portal.models import Dossier, IssuedDocument, WorkflowEvent
from procedures import APPLICANT, LEADER, SPECIALIST
from tests.builders import drive, make_dossier, make_user

CRASH = textwrap.dedent("""
    import os, pathlib, sys
    from portal import create_app
    from portal.infra import files
    from portal.extensions import db
    from portal.models import Dossier, User
    from portal.engine import fire

    def killed_while_writing(pdf):
        (pathlib.Path(sys.argv[4]) / "torn.part").write_bytes(pdf[: len(pdf) // 2])
        os._exit(9)  # the power goes: no commit, no cleanup

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                      "ISSUED_FOLDER": sys.argv[4]})
    with app.app_context():
        files.store_issued = killed_while_writing
        dossier = db.session.get(Dossier, int(sys.argv[2]))
        fire(dossier, "approve", db.session.get(User, int(sys.argv[3])))
        db.session.commit()
""")


def test_a_process_killed_mid_issuance_leaves_the_dossier_where_it_was(app, tmp_path):
    actors = {APPLICANT: make_user(APPLICANT), SPECIALIST: make_user(SPECIALIST),
              LEADER: make_user(LEADER)}
    dossier = drive(make_dossier("bl_grant", actors[APPLICANT]), actors,
                    "submit", "accept", "propose_grant")
    db.session.commit()
    issued = tmp_path / "crash-issued"  # the receipt went to the instance folder already
    issued.mkdir()
    result = subprocess.run([sys.executable, "-c", CRASH, app.config["SQLALCHEMY_DATABASE_URI"],
                             str(dossier.id), str(actors[LEADER].id), str(issued)],
                            cwd=os.getcwd(), capture_output=True, timeout=120)
    assert result.returncode == 9, result.stderr.decode()[-2000:]

    db.session.expire_all()
    dossier = db.session.get(Dossier, dossier.id)
    assert dossier.state == "pending_approval"
    assert db.session.query(IssuedDocument).filter_by(dossier_id=dossier.id).count() == 0
    events = db.session.query(WorkflowEvent).filter_by(dossier_id=dossier.id).all()
    assert [e.action for e in events] == ["submit", "accept", "propose_grant"]
    assert not any(p.suffix == ".pdf" for p in issued.rglob("*"))  # only the torn temporary
    drive(dossier, actors, "approve")  # and the leader simply approves again
    db.session.commit()
    assert db.session.query(IssuedDocument).filter_by(dossier_id=dossier.id).count() == 1
