namespace Cappy.Proxy.Eval;

/// <summary>
/// The Porter stemmer as published (M.F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980), with no
/// later departures: the behaviour of NLTK's <c>PorterStemmer(mode="ORIGINAL_ALGORITHM")</c>, which Google's
/// <c>rouge_score</c> uses. Input is lowercased; words of any length are stemmed. Letters outside a–z count as
/// consonants.
/// </summary>
internal static class PorterStemmer
{
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
        ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
        ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    // Ordered so that a longer suffix is tried before any shorter one it ends with (ement, ment, ent).
    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize",
    ];

    /// <summary>Stems one word; the result is lowercase.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var stem = word.ToLowerInvariant();
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = ApplyFirstMatch(stem, Step2Rules, minimumMeasure: 1);
        stem = ApplyFirstMatch(stem, Step3Rules, minimumMeasure: 1);
        stem = Step4(stem);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    private static string Step1a(string word)
    {
        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word;
        }

        return word.EndsWith('s') ? word[..^1] : word;
    }

    private static string Step1b(string word)
    {
        if (word.EndsWith("eed", StringComparison.Ordinal))
        {
            var eedStem = word[..^3];
            return Measure(eedStem) > 0 ? eedStem + "ee" : word;
        }

        string stem;
        if (word.EndsWith("ed", StringComparison.Ordinal) && ContainsVowel(word[..^2]))
        {
            stem = word[..^2];
        }
        else if (word.EndsWith("ing", StringComparison.Ordinal) && ContainsVowel(word[..^3]))
        {
            stem = word[..^3];
        }
        else
        {
            return word;
        }

        // Cleanup after -ed or -ing, so that e.g. "conflat" becomes "conflate" and "hopp" becomes "hop".
        if (stem.EndsWith("at", StringComparison.Ordinal) || stem.EndsWith("bl", StringComparison.Ordinal) || stem.EndsWith("iz", StringComparison.Ordinal))
        {
            return stem + "e";
        }

        if (EndsWithDoubleConsonant(stem))
        {
            return stem[^1] is 'l' or 's' or 'z' ? stem : stem[..^1];
        }

        return Measure(stem) == 1 && EndsConsonantVowelConsonant(stem) ? stem + "e" : stem;
    }

    private static string Step1c(string word) =>
        word.EndsWith('y') && ContainsVowel(word[..^1]) ? word[..^1] + "i" : word;

    private static string Step4(string word)
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!word.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = word[..^suffix.Length];
            var removable = Measure(stem) > 1 && (suffix != "ion" || stem.EndsWith('s') || stem.EndsWith('t'));
            return removable ? stem : word;
        }

        return word;
    }

    private static string Step5a(string word)
    {
        if (!word.EndsWith('e'))
        {
            return word;
        }

        var stem = word[..^1];
        var measure = Measure(stem);
        return measure > 1 || (measure == 1 && !EndsConsonantVowelConsonant(stem)) ? stem : word;
    }

    private static string Step5b(string word) =>
        word.EndsWith("ll", StringComparison.Ordinal) && Measure(word[..^1]) > 1 ? word[..^1] : word;

    /// <summary>
    /// Applies the rule of the first suffix the word ends with, if the remaining stem's measure is at least
    /// <paramref name="minimumMeasure"/>; no other rule of the step is tried after a suffix matched.
    /// </summary>
    private static string ApplyFirstMatch(string word, (string Suffix, string Replacement)[] rules, int minimumMeasure)
    {
        foreach (var (suffix, replacement) in rules)
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                return Measure(stem) >= minimumMeasure ? stem + replacement : word;
            }
        }

        return word;
    }

    private static bool IsConsonant(string word, int index)
    {
        var letter = word[index];
        if (letter is 'a' or 'e' or 'i' or 'o' or 'u')
        {
            return false;
        }

        // A y after a consonant is a vowel ("syzygy"); at the start or after a vowel it is a consonant ("toy").
        if (letter == 'y')
        {
            return index == 0 || !IsConsonant(word, index - 1);
        }

        return true;
    }

    /// <summary>The m of the form [C](VC)^m[V]: how many vowel-consonant sequences the stem has.</summary>
    private static int Measure(string stem)
    {
        var measure = 0;
        var previousWasVowel = false;
        for (var i = 0; i < stem.Length; i++)
        {
            var isVowel = !IsConsonant(stem, i);
            if (previousWasVowel && !isVowel)
            {
                measure++;
            }

            previousWasVowel = isVowel;
        }

        return measure;
    }

    private static bool ContainsVowel(string stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (!IsConsonant(stem, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithDoubleConsonant(string word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    /// <summary>The *o condition: the word ends consonant-vowel-consonant and the last consonant is not w, x or y.</summary>
    private static bool EndsConsonantVowelConsonant(string word) =>
        word.Length >= 3
        && IsConsonant(word, word.Length - 3)
        && !IsConsonant(word, word.Length - 2)
        && IsConsonant(word, word.Length - 1)
        && word[^1] is not ('w' or 'x' or 'y');
}
