from actions.words import words_filter_for_user


def test_whoever_sees_every_measure_reads_a_text_whole(plan, coordinator):
    words = words_filter_for_user(coordinator, plan=plan)
    assert words("I1.5.1 场次不符。") == "I1.5.1 场次不符。"


def test_a_viewer_reads_the_sentences_naming_its_own_measures(plan, viewer):
    words = words_filter_for_user(viewer, plan=plan)
    assert words("随迁子女比例请补充说明。I5.4.1分母请核实。") == "随迁子女比例请补充说明。I5.4.1分母请核实。"
    assert words("举措5.4进展请补充。") == "举措5.4进展请补充。"


def test_a_sentence_naming_nothing_may_be_about_anything_and_is_left_out(plan, viewer):
    words = words_filter_for_user(viewer, plan=plan)
    read = words("随迁子女比例请补充说明。岗位数偏大。")
    assert read.startswith("随迁子女比例请补充说明。") and "岗位数" not in read and "未显示" in read


def test_a_viewer_loses_sentences_naming_others_by_code_measure_or_name(plan, viewer):
    words = words_filter_for_user(viewer, plan=plan)
    others = ["I1.2.1偏大。", "举措1.5未填。", "公益性零工市场数量有误。", "乡村公益性岗位请核实。", "1.2.1偏大。"]
    others += ["第1.2.1项偏大，请核实。", "指标1.2.1偏大。", "I１.２.１偏大。", "Ｉ1.2.1偏大。"]
    for other in others:
        read = words(f"随迁子女比例请核实。{other}")
        assert other not in read and read.startswith("随迁子女比例请核实。") and "未显示" in read, other


def test_a_viewer_without_a_department_reads_nothing_that_names_a_measure(plan, make_user):
    from accounts.roles import DEPARTMENT_VIEWER

    nobody = make_user("nobody", DEPARTMENT_VIEWER)
    assert "I5.4.1" not in words_filter_for_user(nobody, plan=plan)("I5.4.1 请核实。")
