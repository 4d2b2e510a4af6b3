using Inbox.Web.Compliance;

namespace Inbox.Web.Tests.Api;

/// <summary>Reading import rows, without the app.</summary>
public sealed class ConsentImportTests
{
    [Theory]
    [InlineData("sms,+14255550140,optIn", new[] { "sms", "+14255550140", "optIn" })]
    [InlineData(" sms , +1 425 555 0140 ,optIn,", new[] { "sms", "+1 425 555 0140", "optIn", "" })]
    [InlineData("sms,+14255550140,optIn,,\"paper form, signed\"", new[] { "sms", "+14255550140", "optIn", "", "paper form, signed" })]
    [InlineData("a,\"she said \"\"yes\"\"\" ,b", new[] { "a", "she said \"yes\"", "b" })]
    public void CsvCellsAreSplitOnCommasOutsideQuotes(string line, string[] expected) => Assert.Equal(expected, ImportRows.Cells(line));

    [Fact]
    public void AnOpenQuoteSpoilsOnlyItsLine()
    {
        Assert.Null(ImportRows.Cells("sms,+14255550140,optIn,,\"unfinished"));
        var read = ConsentImport.Csv("channel,address,action,numberKey,reason\nsms,+14255550140,optIn,,\"unfinished\n\nsms,+14255550141,optIn\n");
        Assert.Null(read.Problem);
        Assert.Equal([(1, "bad_csv_row"), (2, null)], read.Rows.Select(r => (r.Row, r.Refused?.Code)));
    }

    [Fact]
    public void AJsonRowOfTheWrongShapeIsRefusedAndTheOthersRead()
    {
        var read = ConsentImport.Json("""[{"channel":"Sms","address":"+14255550140","action":"opt_out"}, 7, {"channel":true}, {"channel":"Sms","address":"x"}]""");
        Assert.Null(read.Problem);
        Assert.Equal([(null, null), ("not_an_object", "$"), ("wrong_type", "channel"), ("missing_action", "action")],
            read.Rows.Select(r => (r.Refused?.Code, r.Refused?.Field)));
        Assert.Equal(Silo.Compliance.ConsentAction.OptOut, read.Rows[0].Body!.Action);
    }
}
