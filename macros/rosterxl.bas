Attribute VB_Name = "Rosterxl"
' rosterxl: the Roster ribbon's buttons. Each calls a Python function in rosterxl.excel through RunPython,
' from xlwings' VBA module, which `rosterxl addin --out Roster.xlam` puts in the add-in beside this one.
Option Explicit

Private Function PyText(ByVal value As String) As String
    ' A VBA string as a Python string literal.
    PyText = "'" & Replace(Replace(value, "\", "\\"), "'", "\'") & "'"
End Function

Sub RosterNewTemplate(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.new_template()"
End Sub

Sub RosterCheck(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.check()"
End Sub

Sub RosterFix(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.fix()"
End Sub

Sub RosterClearMarks(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.clear_marks()"
End Sub

Sub RosterSaveCsvs(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.save_csvs()"
End Sub

Sub RosterSaveChanges(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.save_csvs(changed_only=True)"
End Sub

Sub RosterOpenExport(control As IRibbonControl)
    Dim path As Variant
    path = Application.GetOpenFilename("CSV files (*.csv),*.csv", , "Open a portal export")
    If VarType(path) = vbBoolean Then Exit Sub
    RunPython "import rosterxl.excel as rx; rx.open_export(" & PyText(CStr(path)) & ")"
End Sub

Sub RosterFromSis(control As IRibbonControl)
    Dim path As Variant, exports As Variant, listed As String, i As Long
    path = Application.GetOpenFilename("SIS export (*.zip;*.csv),*.zip;*.csv", , "Choose the SIS export (.zip, or one of its CSV files)")
    If VarType(path) = vbBoolean Then Exit Sub
    ' the portal's exports to merge with, any number of them; Cancel: none (or those rosterxl.toml names)
    exports = Application.GetOpenFilename("Portal exports (*.csv),*.csv", , "To merge with what the portal has, choose its exported CSV files (Cancel: none)", , True)
    If IsArray(exports) Then
        For i = LBound(exports) To UBound(exports)
            listed = listed & PyText(CStr(exports(i))) & ", "
        Next i
    End If
    RunPython "import rosterxl.excel as rx; rx.from_sis(" & PyText(CStr(path)) & ", [" & listed & "])"
End Sub

Private Function PickFolder(ByVal title As String) As String
    ' a folder the person chooses (msoFileDialogFolderPicker is 4); empty when they cancel
    With Application.FileDialog(4)
        .Title = title
        If .Show = -1 Then PickFolder = .SelectedItems(1)
    End With
End Function

Sub RosterSchoolWorkbooks(control As IRibbonControl)
    ' one workbook per school, into a folder the person chooses
    Dim folder As String
    folder = PickFolder("Choose the folder for the school workbooks")
    If folder = "" Then Exit Sub
    RunPython "import rosterxl.excel as rx; rx.school_workbooks(" & PyText(folder) & ")"
End Sub

Sub RosterCollect(control As IRibbonControl)
    ' the workbooks the schools sent back, in a folder the person chooses
    Dim folder As String
    folder = PickFolder("Choose the folder of the workbooks the schools sent back")
    If folder = "" Then Exit Sub
    RunPython "import rosterxl.excel as rx; rx.collect_returns(" & PyText(folder) & ")"
End Sub

Sub RosterRefreshLists(control As IRibbonControl)
    RunPython "import rosterxl.excel as rx; rx.refresh_lists()"
End Sub
