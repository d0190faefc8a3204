def test_pair_dialog_names_what_a_path_is_when_it_is_not_a_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from gui.window.pair_dialog import problem_with

    assert problem_with(str(tmp_path)) == "is a folder, not a file"
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert problem_with(str(pipe)) == "is a named pipe, not a file"
    story = tmp_path / "story.txt"
    story.write_text("A story.", encoding="utf-8")
    assert problem_with(str(story)) is None
