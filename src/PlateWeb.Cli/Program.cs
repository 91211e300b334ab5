Console.WriteLine("platectl: under construction");
